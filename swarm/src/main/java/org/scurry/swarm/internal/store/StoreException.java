package org.scurry.swarm.internal.store;

/**
 * The store could not do its job: the database failed or the files are unusable. A failed append
 * stored nothing of its batch.
 */
final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
