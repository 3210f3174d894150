package org.scurry.swarm;

/**
 * The store cannot take this write now (the disk is full, the file could not be written): nothing
 * of the call was stored. The store stays open, serves reads, and takes writes again once the cause
 * is gone, without a restart; the caller may retry later. The message says why (it is {@link
 * Health#reason()}), fit to show to a user. The JSON API answers it with 503.
 */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String reason) {
        super(reason);
    }

    public StoreUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
