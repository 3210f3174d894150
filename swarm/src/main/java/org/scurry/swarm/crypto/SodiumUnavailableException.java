package org.scurry.swarm.crypto;

/** libsodium cannot be used in this process; the message says why (the library, the error). */
public final class SodiumUnavailableException extends IllegalStateException {
    public SodiumUnavailableException(String message) {
        super(message);
    }

    public SodiumUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
