package org.scurry.swarm.history;

import java.util.Map;
import java.util.SortedMap;
import org.scurry.swarm.FeedId;

/**
 * How well the feeds a history server archives are kept, for its {@code status}
 * (docs/history.md, "Copies"). A live history server counts as a <em>copy</em> of a feed when it
 * holds the feed whole from seq 1 as far as its custody receipts tell: its newest receipt reaches
 * the newest {@code window} entries held here (what clients keep themselves). This server counts
 * by what its store holds, not by its receipts.
 *
 * @param copiesWanted k, the copies each feed should have
 * @param archived feeds assigned here, including those waiting out their release grace
 * @param whole of those, the feeds held here whole from seq 1
 * @param restoring of those, the feeds whose pruned past is being fetched back
 * @param copies how many archived feeds have each number of copies, fewest copies first
 * @param minCopies the fewest copies of any archived feed; 0 when none is archived
 * @param fewest up to {@link #LISTED} archived feeds with fewer than k copies, with their copies
 */
public record CustodyStatus(
        int copiesWanted,
        int archived,
        int whole,
        int restoring,
        SortedMap<Integer, Integer> copies,
        int minCopies,
        Map<FeedId, Integer> fewest) {
    /** Most feeds listed in {@link #fewest}. */
    public static final int LISTED = 20;

    public CustodyStatus {
        copies = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(copies));
        fewest = Map.copyOf(fewest);
    }
}
