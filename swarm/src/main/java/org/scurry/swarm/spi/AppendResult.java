package org.scurry.swarm.spi;

import org.scurry.swarm.Entry;

/** What the store did with one entry offered to it. */
public record AppendResult(Entry entry, Status status, String detail) {

    /** Outcome of an append. Only APPENDED changed the store (FORK also stores the proof). */
    public enum Status {
        APPENDED,
        /** Already held (same id). Harmless: a peer re-sent it. */
        DUPLICATE,
        /** seq is beyond head + 1: an earlier entry is missing. Nothing stored. */
        GAP,
        /** seq = head + 1 but prev is not the head's id: the chain does not join. Nothing stored. */
        BAD_PREV,
        /** Same author and seq as a held entry, different id: the first is kept, the proof stored. */
        FORK
    }

    public static AppendResult of(Entry entry, Status status) {
        return new AppendResult(entry, status, "");
    }

    public boolean appended() {
        return status == Status.APPENDED;
    }
}
