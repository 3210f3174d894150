package org.scurry.swarm.internal.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.ForkProof;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.internal.store.TimelineMerge.Candidate;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.AppendResult.Status;
import org.scurry.swarm.spi.Arrival;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.StoreStats;

/**
 * A {@link Store} held in memory: for tests and the swarm simulator, where thousands of nodes share
 * one JVM. Nothing survives the process, so "durable" means "visible to the next call".
 *
 * <p>Thread-safe through one monitor per store: simple, cheap in memory, and contention is low
 * because each simulated node has its own store. Per entry it keeps the {@link Entry} itself, one
 * small slot object and one map node for lookup by id.
 *
 * <p>Why it is long: it is the whole Store contract (some twenty-five reads and writes, pruning and
 * restoring a past included) over plain maps, each a few lines; the state that is not the chains
 * themselves has left for classes of its own (replies and profiles: MemorySocial).
 */
public final class MemoryStore implements Store {
    private final Map<FeedId, FeedLog> feeds = new HashMap<>();
    private final Map<EntryId, Slot> byId = new HashMap<>();
    private final Map<FeedId, ForkProof> forks = new HashMap<>();
    private final Map<FeedId, Set<FeedId>> follows = new HashMap<>();
    private final Map<FeedId, String> names = new HashMap<>();
    private final MemorySocial social = new MemorySocial();

    private final Map<String, Map<FeedId, Long>> peerClocks = new HashMap<>();
    private long arrivals;
    /**
     * Every slot stored, by arrival number (ascending: numbers are given in order). Pruned slots
     * stay until they are half of it ({@link #dropDeadArrivals}), so a prune costs no scan of the
     * whole store; readers skip them ({@link #live}).
     */
    private final ArrayList<Slot> byArrival = new ArrayList<>();

    private long deadArrivals;
    private long entryCount;

    public MemoryStore() {}

    @Override
    public AppendResult append(Entry entry) {
        return appendAll(List.of(entry)).get(0);
    }

    @Override
    public synchronized List<AppendResult> appendAll(List<Entry> entries) {
        List<AppendResult> results = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            results.add(appendOne(e));
        }
        return results;
    }

    private AppendResult appendOne(Entry e) {
        FeedLog log = feeds.get(e.author());
        if (log != null && e.seq() < log.low) {
            return new AppendResult(e, Status.DUPLICATE, H2Store.belowOldest(e, log.low));
        }
        long head = log == null ? 0 : log.bySeq.size();
        EntryId headId = head == 0 ? null : log.bySeq.get((int) head - 1).entry.id();
        Status status = ChainRule.classify(
                e, head, headId, seq -> log.bySeq.get((int) seq - 1).entry.id());
        switch (status) {
            case APPENDED -> store(e, log == null ? feeds.computeIfAbsent(e.author(), k -> new FeedLog()) : log);
            case FORK -> forks.putIfAbsent(e.author(), new ForkProof(log.bySeq.get((int) e.seq() - 1).entry, e));
            default -> {
                // nothing changes
            }
        }
        return new AppendResult(e, status, ChainRule.detail(status, e, head));
    }

    private void store(Entry e, FeedLog log) {
        Slot slot = new Slot(e, ++arrivals);
        log.add(slot);
        byArrival.add(slot);
        byId.put(e.id(), slot);
        entryCount++;
        social.stored(e);
        Derivation d = Derivation.of(e);
        if (d instanceof Derivation.Follow f) {
            Set<FeedId> set = follows.computeIfAbsent(e.author(), k -> new LinkedHashSet<>());
            if (f.following()) {
                set.add(f.target());
            } else {
                set.remove(f.target());
            }
        } else if (d instanceof Derivation.Name n) {
            names.put(e.author(), n.name());
        }
    }

    @Override
    public synchronized List<Entry> replies(EntryId parent) {
        List<Entry> out = new ArrayList<>();
        for (EntryId id : social.replyIds(parent)) {
            get(id).ifPresent(out::add);
        }
        out.sort(java.util.Comparator.comparing(Entry::author).thenComparingLong(Entry::seq));
        return out;
    }

    @Override
    public synchronized Optional<Entry> latestProfile(FeedId feed) {
        long seq = social.profileSeq(feed);
        return seq == 0 ? Optional.empty() : get(feed, seq);
    }

    @Override
    public synchronized long postsStored(FeedId feed) {
        return social.posts(feed);
    }

    @Override
    public synchronized long followersKnown(FeedId feed) {
        return follows.values().stream().filter(f -> f.contains(feed)).count();
    }

    @Override
    public synchronized long latestSeq(FeedId feed) {
        FeedLog log = feeds.get(feed);
        return log == null ? 0 : log.bySeq.size();
    }

    @Override
    public synchronized long oldestSeq(FeedId feed) {
        FeedLog log = feeds.get(feed);
        return log == null || log.bySeq.isEmpty() ? 0 : log.low;
    }

    @Override
    public synchronized long prune(FeedId feed, long belowSeq) {
        FeedLog log = feeds.get(feed);
        if (log == null || log.bySeq.isEmpty()) {
            return 0;
        }
        long newLow = Math.min(belowSeq, log.bySeq.size());
        Set<Slot> gone = new HashSet<>();
        for (long s = log.low; s < newLow; s++) {
            Slot slot = log.bySeq.set((int) s - 1, null);
            gone.add(slot);
            byId.remove(slot.entry.id());
        }
        if (gone.isEmpty()) {
            return 0;
        }
        log.byTime.removeIf(gone::contains);
        dropDeadArrivals(gone.size());
        log.low = newLow;
        entryCount -= gone.size();
        return gone.size();
    }

    @Override
    public synchronized long restoreBelow(FeedId feed, List<Entry> entries) {
        FeedLog log = feeds.get(feed);
        long low = log == null || log.bySeq.isEmpty() ? 0 : log.low;
        ChainRule.checkRestore(feed, entries, low, low > 1 ? log.bySeq.get((int) low - 1).entry : null);
        for (Entry e : entries) {
            Slot slot = new Slot(e, ++arrivals);
            byArrival.add(slot);
            log.bySeq.set((int) e.seq() - 1, slot);
            log.byTime.add(log.firstAfter(e.timestamp(), slot.arrival), slot);
            byId.put(e.id(), slot);
        }
        entryCount += entries.size();
        log.low = entries.get(0).seq();
        return log.low;
    }

    @Override
    public synchronized Optional<Entry> latest(FeedId feed) {
        FeedLog log = feeds.get(feed);
        return log == null || log.bySeq.isEmpty()
                ? Optional.empty()
                : Optional.of(log.bySeq.get(log.bySeq.size() - 1).entry);
    }

    @Override
    public synchronized Optional<Entry> get(EntryId id) {
        Slot s = byId.get(id);
        return s == null ? Optional.empty() : Optional.of(s.entry);
    }

    @Override
    public synchronized Optional<Entry> get(FeedId feed, long seq) {
        FeedLog log = feeds.get(feed);
        if (log == null || seq < log.low || seq > log.bySeq.size()) {
            return Optional.empty();
        }
        return Optional.of(log.bySeq.get((int) seq - 1).entry);
    }

    @Override
    public synchronized List<Entry> range(FeedId feed, long fromSeq, long toSeq, int limit) {
        FeedLog log = feeds.get(feed);
        List<Entry> out = new ArrayList<>();
        if (log == null) {
            return out;
        }
        long to = Math.min(toSeq, log.bySeq.size());
        for (long s = Math.max(log.low, fromSeq); s <= to && out.size() < limit; s++) {
            out.add(log.bySeq.get((int) s - 1).entry);
        }
        return out;
    }

    @Override
    public synchronized List<Entry> feedPage(FeedId feed, long beforeSeq, int limit) {
        FeedLog log = feeds.get(feed);
        List<Entry> out = new ArrayList<>();
        if (log == null) {
            return out;
        }
        for (long s = Math.min(beforeSeq - 1, log.bySeq.size()); s >= log.low && out.size() < limit; s--) {
            out.add(log.bySeq.get((int) s - 1).entry);
        }
        return out;
    }

    @Override
    public synchronized TimelinePage timeline(Collection<FeedId> followed, TimelineCursor before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("timeline limit must be ≥ 1: " + limit);
        }
        List<Candidate<Entry>> candidates = new ArrayList<>();
        for (FeedId feed : new HashSet<>(followed)) {
            FeedLog log = feeds.get(feed);
            if (log != null) {
                log.collectOlder(before, limit + 1, candidates);
            }
        }
        List<Candidate<Entry>> picked = TimelineMerge.newest(candidates, limit);
        List<Entry> page = new ArrayList<>(Math.min(limit, picked.size()));
        for (int i = 0; i < picked.size() && i < limit; i++) {
            page.add(picked.get(i).ref());
        }
        return new TimelinePage(page, TimelineMerge.next(picked, limit));
    }

    @Override
    public synchronized List<Arrival> arrivedSince(long position, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("arrivedSince limit must be ≥ 1: " + limit);
        }
        int lo = 0;
        int hi = byArrival.size();
        while (lo < hi) { // the first slot with an arrival above position
            int mid = (lo + hi) >>> 1;
            if (byArrival.get(mid).arrival <= position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<Arrival> out = new ArrayList<>(Math.min(limit, byArrival.size() - lo));
        for (int i = lo; i < byArrival.size() && out.size() < limit; i++) {
            Slot s = byArrival.get(i);
            if (live(s)) {
                out.add(new Arrival(s.arrival, s.entry));
            }
        }
        return out;
    }

    /** False for a slot pruned since (or replaced by a restore). */
    private boolean live(Slot s) {
        return byId.get(s.entry.id()) == s;
    }

    private void dropDeadArrivals(int pruned) {
        deadArrivals += pruned;
        if (deadArrivals * 2 > byArrival.size()) {
            byArrival.removeIf(s -> !live(s));
            deadArrivals = 0;
        }
    }

    @Override
    public synchronized long lastArrival() {
        return arrivals;
    }

    @Override
    public synchronized Map<FeedId, Long> clock() {
        Map<FeedId, Long> clock = new HashMap<>();
        feeds.forEach((feed, log) -> clock.put(feed, (long) log.bySeq.size()));
        return clock;
    }

    @Override
    public synchronized Optional<ForkProof> fork(FeedId feed) {
        return Optional.ofNullable(forks.get(feed));
    }

    /**
     * A copy in the order the follows were made. Not {@code Set.copyOf}: the iteration order of the
     * JDK's immutable sets is salted afresh in every JVM, and replication walks this set (the wanted
     * feeds, the clock notes), so the swarm simulator's figures for a seed differed run to run.
     */
    @Override
    public synchronized Set<FeedId> follows(FeedId follower) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(follows.getOrDefault(follower, Collections.emptySet())));
    }

    @Override
    public synchronized Optional<String> displayName(FeedId feed) {
        return Optional.ofNullable(names.get(feed));
    }

    @Override
    public synchronized Set<FeedId> feedsNamed(String name) {
        String key = Derivation.nameKey(name);
        Set<FeedId> out = new HashSet<>();
        names.forEach((feed, n) -> {
            if (Derivation.nameKey(n).equals(key)) {
                out.add(feed);
            }
        });
        return out;
    }

    @Override
    public synchronized StoreStats stats() {
        return new StoreStats(feeds.size(), entryCount, 0);
    }

    @Override
    public synchronized void savePeerClock(FeedId peer, String direction, Map<FeedId, Long> clock) {
        peerClocks.put(PeerClocks.key(peer, direction), Map.copyOf(clock));
    }

    @Override
    public synchronized Map<FeedId, Long> loadPeerClock(FeedId peer, String direction) {
        return peerClocks.getOrDefault(PeerClocks.key(peer, direction), Map.of());
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** An entry and its arrival number (the timeline's tie-breaker). */
    private record Slot(Entry entry, long arrival) {}

    /**
     * One feed: slots by seq, and the same slots ordered by (timestamp, arrival). Author clocks
     * usually move forward, so the second list almost always grows at its end; an entry with an
     * older timestamp is inserted by binary search.
     */
    private static final class FeedLog {
        /** Slots by seq - 1; null below {@link #low} once pruned. */
        final ArrayList<Slot> bySeq = new ArrayList<>();
        /** Oldest seq held. */
        long low = 1;

        final ArrayList<Slot> byTime = new ArrayList<>();

        void add(Slot s) {
            bySeq.add(s);
            int at = byTime.size();
            if (at > 0 && byTime.get(at - 1).entry.timestamp() > s.entry.timestamp()) {
                at = firstAfter(s.entry.timestamp(), s.arrival);
            }
            byTime.add(at, s);
        }

        /** Adds up to {@code max} slots older than {@code before}, newest first. */
        void collectOlder(TimelineCursor before, int max, List<Candidate<Entry>> out) {
            int i = before == null ? byTime.size() : firstAfter(before.timestamp(), before.arrival() - 1);
            for (int n = 0; --i >= 0 && n < max; n++) {
                Slot s = byTime.get(i);
                out.add(new Candidate<>(s.entry.timestamp(), s.arrival, s.entry));
            }
        }

        /** Index of the first slot whose (timestamp, arrival) is greater than the given pair. */
        private int firstAfter(long timestamp, long arrival) {
            int lo = 0;
            int hi = byTime.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                Slot m = byTime.get(mid);
                long t = m.entry.timestamp();
                if (t < timestamp || (t == timestamp && m.arrival <= arrival)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
