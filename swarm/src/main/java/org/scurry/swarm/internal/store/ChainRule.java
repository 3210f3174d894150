package org.scurry.swarm.internal.store;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.spi.AppendResult.Status;

/**
 * The chain rules every store applies to an offered entry, given the feed's head. Kept in one place
 * so that {@link MemoryStore}, {@link H2Store} and {@link PgStore} cannot disagree about what a fork or a gap is.
 *
 * <pre>
 * seq == head + 1, prev == head id (or seq 1 on an empty feed)  → APPENDED
 * seq == head + 1, prev != head id                              → BAD_PREV
 * seq  > head + 1                                               → GAP
 * seq ≤ head, same id as the stored entry at seq                → DUPLICATE
 * seq ≤ head, different id                                      → FORK (stored entry kept)
 * </pre>
 */
final class ChainRule {
    private ChainRule() {}

    /**
     * Classifies {@code entry} against a head ({@code headSeq} 0 and {@code headId} null for an
     * empty feed). {@code storedIdAt} is only called for seq ≤ head.
     */
    static Status classify(Entry entry, long headSeq, EntryId headId, LongFunction<EntryId> storedIdAt) {
        long seq = entry.seq();
        if (seq <= headSeq) {
            return entry.id().equals(storedIdAt.apply(seq)) ? Status.DUPLICATE : Status.FORK;
        }
        if (seq > headSeq + 1) {
            return Status.GAP;
        }
        Optional<EntryId> prev = entry.prev();
        if (seq == 1) {
            return Status.APPENDED; // the codec guarantees seq 1 has no prev
        }
        return prev.isPresent() && prev.get().equals(headId) ? Status.APPENDED : Status.BAD_PREV;
    }

    /**
     * Checks a run offered to {@code Store#restoreBelow}: entries of {@code feed}, consecutive,
     * ending just below {@code low} (the oldest seq held) and linked to {@code above}, the entry
     * held there. Throws IllegalArgumentException naming what does not fit.
     */
    static void checkRestore(FeedId feed, List<Entry> run, long low, Entry above) {
        if (run.isEmpty()) {
            throw new IllegalArgumentException("nothing to restore of feed " + feed);
        }
        if (above == null || low <= 1) {
            throw new IllegalArgumentException(
                    "feed " + feed + " has no pruned past to restore (oldest seq " + low + ")");
        }
        Entry previous = null;
        for (Entry e : run) {
            if (!e.author().equals(feed)) {
                throw new IllegalArgumentException("entry of feed " + e.author() + " offered to restore feed " + feed);
            }
            if (previous != null
                    && (e.seq() != previous.seq() + 1
                            || !e.prev().map(previous.id()::equals).orElse(false))) {
                throw new IllegalArgumentException("seq " + e.seq() + " does not follow seq " + previous.seq());
            }
            previous = e;
        }
        if (previous.seq() != low - 1
                || !above.prev().map(previous.id()::equals).orElse(false)) {
            throw new IllegalArgumentException(
                    "seq " + previous.seq() + " does not join the oldest entry held (seq " + low + ") of feed " + feed);
        }
    }

    /** A human-readable detail for a non-appended status. */
    static String detail(Status status, Entry entry, long headSeq) {
        return switch (status) {
            case APPENDED, DUPLICATE -> "";
            case GAP -> "seq " + entry.seq() + " is beyond head " + headSeq + " + 1";
            case BAD_PREV -> "prev of seq " + entry.seq() + " is not the id of held seq " + headSeq;
            case FORK -> "feed forked at seq " + entry.seq() + ": the entry held first is kept";
        };
    }
}
