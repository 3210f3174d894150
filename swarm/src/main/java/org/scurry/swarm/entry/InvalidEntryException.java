package org.scurry.swarm.entry;

/**
 * An entry was refused. The {@link Reason} is for code (peer scoring, counters); the message is for
 * people and names the offending value.
 */
public final class InvalidEntryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an entry was refused. */
    public enum Reason {
        /** The bytes do not follow the layout of docs/entry-format.md. */
        MALFORMED,
        /** The Ed25519 signature does not verify against the author key. */
        BAD_SIGNATURE,
        /** Content over the size limit, or post text over the length limit. */
        TOO_LARGE,
        /** Timestamp more than the allowed skew in the future. */
        FUTURE_TIMESTAMP,
        /** Kind not of the allowed form. */
        BAD_KIND,
        /** Content is not a UTF-8 JSON object, or a known kind's fields are wrong. */
        BAD_CONTENT,
        /** Sequence does not follow the stored head of the feed. */
        BAD_SEQ,
        /** The previous-entry hash does not match the stored entry before it. */
        BAD_PREV
    }

    private final Reason reason;

    public InvalidEntryException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
