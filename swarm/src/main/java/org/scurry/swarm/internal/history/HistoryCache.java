package org.scurry.swarm.internal.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;

/**
 * Verified older entries fetched from history servers for readers (docs/history.md, "Reading the
 * past"), kept in memory within the window rule: at most {@code perFeed} entries per feed (the
 * client's window; the oldest fetched are kept, as the next page down needs them as its anchor)
 * and {@code feeds} feeds, least recently read dropped first. Never written to the store, so
 * reading the past never makes a client keep more than its window. Thread-safe.
 */
final class HistoryCache {
    private final int perFeed;
    private final Map<FeedId, TreeMap<Long, Entry>> byFeed;

    HistoryCache(int perFeed, int feeds) {
        this.perFeed = perFeed;
        this.byFeed = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<FeedId, TreeMap<Long, Entry>> eldest) {
                return size() > feeds;
            }
        };
    }

    synchronized void put(FeedId feed, List<Entry> run) {
        TreeMap<Long, Entry> m = byFeed.computeIfAbsent(feed, f -> new TreeMap<>());
        for (Entry e : run) {
            m.put(e.seq(), e);
        }
        while (m.size() > perFeed) {
            m.pollLastEntry();
        }
    }

    synchronized Entry get(FeedId feed, long seq) {
        TreeMap<Long, Entry> m = byFeed.get(feed);
        return m == null ? null : m.get(seq);
    }

    /** Entries from..to when all are cached, else null. */
    synchronized List<Entry> run(FeedId feed, long from, long to) {
        TreeMap<Long, Entry> m = byFeed.get(feed);
        if (m == null || to < from) {
            return null;
        }
        List<Entry> out = new ArrayList<>(m.subMap(from, true, to, true).values());
        return out.size() == to - from + 1 ? out : null;
    }
}
