package org.scurry.swarm.internal.store;

/**
 * The row key of {@code entries} in {@link H2Store} and {@link PgStore}: the feed's number in the high 32 bits and the
 * sequence number in the low 32, so that a feed's entries are one contiguous, ordered key range and
 * (feed, seq) is unique by construction. Feed numbers are positive {@code INT}s, so keys are
 * positive; a feed can hold {@link #MAX_SEQ} entries (a post a second for 136 years).
 */
final class EntryKey {
    static final long MAX_SEQ = 0xFFFF_FFFFL;

    private EntryKey() {}

    /** Throws {@link StoreException} for a seq the key cannot hold: nothing is stored for it. */
    static long of(int feedNo, long seq) {
        if (seq < 1 || seq > MAX_SEQ) {
            throw new StoreException("seq must be in 1.." + MAX_SEQ + " for the store: " + seq);
        }
        return ((long) feedNo << 32) | seq;
    }

    /** The first key of a feed's range that holds {@code seq} or later (seq clamped to the range). */
    static long atOrAfter(int feedNo, long seq) {
        return of(feedNo, Math.max(1, Math.min(seq, MAX_SEQ)));
    }
}
