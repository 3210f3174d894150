package org.scurry.gateway;

/** The command line was wrong: the message says how; the process exits with status 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
