package org.scurry.swarm.internal.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.scurry.swarm.TimelineCursor;

/**
 * Merges per-feed timeline candidates into one page. Both stores answer a timeline by asking each
 * followed feed for at most {@code limit + 1} entries older than the cursor (a cheap index range
 * per feed) and keeping the newest {@code limit + 1} of the union: the cost grows with the number
 * of followed feeds and the page size, never with the number of entries held.
 */
final class TimelineMerge {
    /** One candidate: its sort key and whatever the store needs to load it. */
    record Candidate<T>(long timestamp, long arrival, T ref) {}

    /** Newest first: author timestamp, then arrival number, both descending. */
    static final Comparator<Candidate<?>> NEWEST_FIRST = Comparator.<Candidate<?>>comparingLong(c -> c.timestamp)
            .thenComparingLong(c -> c.arrival)
            .reversed();

    private TimelineMerge() {}

    /** True when (timestamp, arrival) sorts strictly after {@code before} in newest-first order. */
    static boolean isOlder(long timestamp, long arrival, TimelineCursor before) {
        return before == null
                || timestamp < before.timestamp()
                || (timestamp == before.timestamp() && arrival < before.arrival());
    }

    /** The newest {@code limit + 1} candidates, newest first (one extra tells whether more exist). */
    static <T> List<Candidate<T>> newest(List<Candidate<T>> all, int limit) {
        List<Candidate<T>> sorted = new ArrayList<>(all);
        sorted.sort(NEWEST_FIRST);
        return sorted.size() > limit + 1 ? sorted.subList(0, limit + 1) : sorted;
    }

    /** The cursor for the next page, or null when {@code picked} held no more than {@code limit}. */
    static TimelineCursor next(List<? extends Candidate<?>> picked, int limit) {
        if (picked.size() <= limit) {
            return null;
        }
        Candidate<?> last = picked.get(limit - 1);
        return new TimelineCursor(last.timestamp, last.arrival);
    }
}
