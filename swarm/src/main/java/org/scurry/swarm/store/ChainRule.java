package org.scurry.swarm.store;

import java.util.Optional;
import java.util.function.LongFunction;
import org.scurry.swarm.AppendResult.Status;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;

/**
 * The chain rules every store applies to an offered entry, given the feed's head. Kept in one place
 * so that {@link MemoryStore} and {@link H2Store} cannot disagree about what a fork or a gap is.
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
