package org.scurry.swarm.protect;

/**
 * A protected entry, grant or request that cannot be opened or used, with the reason. The message
 * names the feeds and epochs involved and never holds key material or plaintext.
 */
public final class ProtectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why something was refused. */
    public enum Reason {
        /** Content that is not the documented shape (a field missing, base64 or length wrong). */
        MALFORMED,
        /** The reader holds no key for the entry's epoch (never approved, or revoked before it). */
        NO_KEY,
        /** A grant addressed to another feed than the one trying to use it. */
        NOT_ADDRESSED_TO_READER,
        /**
         * A grant's box does not open with the recipient's key: it was sealed to another key, for
         * another feed or epoch (a replayed box), or altered.
         */
        GRANT_DOES_NOT_OPEN,
        /** A grant of an epoch older than the feed's current one: it gives no current access. */
        STALE_EPOCH,
        /** Sealed content whose tag does not verify: altered, or moved from another entry or epoch. */
        CIPHERTEXT_DOES_NOT_OPEN,
        /** A request sealed to another owner (or altered): not one for this reader. */
        REQUEST_DOES_NOT_OPEN
    }

    private final Reason reason;

    public ProtectException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
