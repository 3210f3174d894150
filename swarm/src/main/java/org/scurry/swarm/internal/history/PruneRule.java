package org.scurry.swarm.internal.history;

/**
 * What a client may prune of a feed (DESIGN.md §6): entries older than its recent window, and only
 * those a history server has receipted. Own feeds are never pruned. Pure functions.
 */
public final class PruneRule {
    private PruneRule() {}

    /**
     * The seq below which entries may be deleted: the window's start, lowered to just above what
     * receipts cover. The result is ≤ {@code oldest} when nothing may go.
     */
    public static long pruneBelow(long oldest, long head, int window, long receiptedUpTo) {
        long windowStart = head - window + 1;
        return Math.max(oldest, Math.min(windowStart, receiptedUpTo + 1));
    }

    /**
     * Throws IllegalStateException, naming the reason, unless entries below {@code belowSeq} may be
     * pruned: the feed is not a local one and receipts cover every entry below it.
     */
    public static void check(String feed, boolean local, long belowSeq, long receiptedUpTo) {
        if (local) {
            throw new IllegalStateException("refusing to prune " + feed + ": own feeds are never pruned");
        }
        if (belowSeq - 1 > receiptedUpTo) {
            throw new IllegalStateException("refusing to prune " + feed + " below seq " + belowSeq
                    + ": no history server has receipted entries after seq " + receiptedUpTo);
        }
    }
}
