package org.scurry.swarm;

import java.util.List;

/**
 * A thread as one node can show it (docs/entry-format.md, "Replies"; {@link Node#thread}): the
 * root and every reply held below it, in tree order (depth-first, each entry followed by its
 * replies, siblings oldest first by author timestamp, then id), each with its depth (the root 0).
 * An entry of the way up from the asked entry to the root that is neither held nor obtainable from
 * peers is listed as {@link Origin#MISSING}, without content, where it belongs; nothing above it is
 * known.
 *
 * @param asked the entry the thread was asked for
 * @param items the thread in tree order
 * @param truncated true when the thread had more than {@link #MAX_ITEMS} entries: the rest is left out
 */
public record Conversation(EntryId asked, List<Item> items, boolean truncated) {
    /** The most entries one thread answer lists. */
    public static final int MAX_ITEMS = 1000;

    /** Where an item's entry came from. */
    public enum Origin {
        /** In this node's store. */
        HELD,
        /** Not held: fetched from a peer for this answer (verified, not stored). */
        FETCHED,
        /** Neither held nor found at a peer: only its id (and, when the reply said, author and seq) is known. */
        MISSING
    }

    /**
     * One entry of the thread.
     *
     * @param id the entry's id
     * @param parent the id it answers, null for the root
     * @param depth 0 for the root
     * @param entry the entry, null when {@link Origin#MISSING}
     * @param origin where it came from
     * @param author for a missing entry, its author when the reply naming it said (else null); the
     *     entry's author otherwise
     * @param seq like author, 0 when unknown
     */
    public record Item(EntryId id, EntryId parent, int depth, Entry entry, Origin origin, FeedId author, long seq) {}
}
