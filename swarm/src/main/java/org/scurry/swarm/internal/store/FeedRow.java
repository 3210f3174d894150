package org.scurry.swarm.internal.store;

import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;

/**
 * A feed as H2Store caches it: its number in the {@code feeds} table and its head (seq 0 and a
 * null id while no entry is held). Immutable; a new head is a new row object.
 */
record FeedRow(FeedId feed, int no, long seq, EntryId id) {
    FeedRow withHead(long newSeq, EntryId newId) {
        return new FeedRow(feed, no, newSeq, newId);
    }
}
