package org.scurry.bridges.accounts;

/** An account name or JID that is already taken (the JSON API answers 409). */
public final class AccountConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccountConflictException(String message) {
        super(message);
    }
}
