package org.scurry.swarm.internal.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.replication.PeerSession;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message.Chunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-source range fetching (DESIGN.md §5, the BitTorrent part; docs/history.md). A node far
 * behind on a feed ({@code rangeThreshold} entries or more), or whose only holders pruned the
 * entries it lacks, splits the gap into chunks of {@code chunkEntries} and asks several peers at
 * once, at most {@link #IN_FLIGHT_PER_PEER} chunks per peer (a chunk stops counting once its answer
 * is in, while it is verified), each chunk of a peer that advertises
 * holding it. While a feed is fetched this way it has no streaming source.
 *
 * <p>Chunks beyond the head cannot be appended yet: they wait, verified, in a staging area (at
 * most {@link #MAX_TASKS} chunks per feed) until the chunk before them has joined. Each chunk is
 * checked on its own ({@link ChainCheck}: signatures, seqs, prev links) on the verifier threads as
 * it arrives, and against the chain as it joins: its first entry's prev must be the head's id. A
 * peer that sends a bad chunk (a forged or tampered entry, a broken chain, a chunk that does not
 * join) is excluded for that feed and its chunk asked of another peer. A peer that does not
 * answer within {@link #CHUNK_TIMEOUT_MILLIS} loses the chunk to another peer.
 *
 * <p>The same machinery fetches a <em>pruned past</em> downwards ({@link #restore}): a history
 * server assigned a feed it had pruned (it stood in for a server that came back, released the
 * feed, and is now needed again) asks for the entries below the oldest one it holds, chunk by
 * chunk from the top; each chunk joins once its last entry is the prev of the oldest entry held,
 * and is put back with {@link Store#restoreBelow}.
 *
 * <p>State lives on the replication thread; verification runs on {@code verifiers} and comes back
 * through {@code actor}.
 *
 * <p>Why it is long: fetching a gap is one state machine (chunks planned, in flight, verified,
 * staged, joined; peers excluded; time-outs; a pruned past fetched downwards) whose steps share the
 * per-feed state; checking a chunk (ChainCheck) and routing answers (ChunkRequests) are classes of
 * their own.
 */
public final class RangeFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(RangeFetcher.class);
    static final int IN_FLIGHT_PER_PEER = 8;
    static final int MAX_TASKS = 24;
    static final long CHUNK_TIMEOUT_MILLIS = 15_000;
    /** A gap no linked peer can serve for this long is given up (normal streaming resumes). */
    static final long STALL_MILLIS = 30_000;

    /** What the fetcher needs of the replicator. */
    interface Host {
        Collection<PeerSession> sessions();

        /** Entries were appended: listeners, live push, notes. Called on the replication thread. */
        void appended(List<Entry> entries, PeerSession from);

        /** The fetch of {@code feed} ended: choose a streaming source again. */
        void resume(FeedId feed);

        long now();

        /** What to tell about the entries chunks bring (received, verified, refused, stored). */
        default org.scurry.swarm.spi.NodeMeter meter() {
            return org.scurry.swarm.spi.NodeMeter.NONE;
        }
    }

    private static final class Task {
        long from;
        long to;
        PeerSession peer;
        long sentAt;
        long requestId = -1;
        /** The answer is in (being verified): the peer's slot is free for its next chunk. */
        boolean arrived;

        List<Entry> ready;
    }

    /**
     * A run of missing seqs being fetched: above the head ({@code past} false: planned upwards from
     * {@code nextFrom}), or below the oldest entry held ({@code past} true: planned downwards from
     * {@code nextTo}).
     */
    private static final class Gap {
        final FeedId feed;
        final boolean past;
        final TreeMap<Long, Task> tasks = new TreeMap<>();
        final Set<FeedId> skip = new HashSet<>();
        long nextFrom;
        long nextTo;
        long lastProgress;

        Gap(FeedId feed, boolean past, long head, long low, long now) {
            this.feed = feed;
            this.past = past;
            this.nextFrom = head + 1;
            this.nextTo = low - 1;
            this.lastProgress = now;
        }
    }

    private record Verified(Chunk chunk, String problem) {}

    private final Store store;
    private final EntryValidator validator;
    private final ChunkRequests requests;
    private final Host host;
    private final Executor actor;
    private final Executor verifiers;
    private final int threshold;
    private final int chunkEntries;
    private final Map<FeedId, Gap> gaps = new HashMap<>();
    /** Pruned pasts being fetched back, by feed. */
    private final Map<FeedId, Gap> pasts = new HashMap<>();

    private final java.util.function.Consumer<FeedId> restored;
    private final Map<FeedId, Set<FeedId>> excluded = new HashMap<>();
    private int rotate;

    RangeFetcher(
            Store store,
            EntryValidator validator,
            ChunkRequests requests,
            Host host,
            Executor actor,
            Executor verifiers,
            int threshold,
            int chunkEntries,
            java.util.function.Consumer<FeedId> restored) {
        this.store = store;
        this.restored = restored;
        this.validator = validator;
        this.requests = requests;
        this.host = host;
        this.actor = actor;
        this.verifiers = verifiers;
        this.threshold = threshold;
        this.chunkEntries = chunkEntries;
    }

    boolean active(FeedId f) {
        return gaps.containsKey(f);
    }

    /** Peers excluded from fetching {@code f} for serving bad chunks. */
    public Set<FeedId> excluded(FeedId f) {
        return Set.copyOf(excluded.getOrDefault(f, Set.of()));
    }

    /**
     * True when {@code f} is (now) fetched in ranges: it already was, or it is far behind (or the
     * entries it lacks are held only by peers that cannot stream them), so a fetch starts.
     */
    boolean takeOver(FeedId f) {
        if (gaps.containsKey(f)) {
            return true;
        }
        long head = store.latestSeq(f);
        long best = head;
        boolean streamable = false;
        for (PeerSession s : host.sessions()) {
            Long seq = s.remoteSeq(f);
            if (!s.helloReceived() || seq == null || seq <= head || isExcluded(f, s)) {
                continue;
            }
            best = Math.max(best, seq);
            streamable |= s.remoteLow(f) <= head + 1;
        }
        if (best == head || (best - head < threshold && streamable)) {
            return false;
        }
        LOG.info("feed {}: {} entries behind, fetching them in ranges", f.shortText(), best - head);
        gaps.put(f, new Gap(f, false, head, 0, host.now()));
        actor.execute(this::pump);
        return true;
    }

    /**
     * Fetches back the entries of {@code f} below the oldest one held, when some were pruned; true
     * while such a fetch runs. {@code restored} is told (on the replication thread) once the feed is
     * whole from seq 1 again. A fetch no peer can serve is given up after {@link #STALL_MILLIS};
     * calling this again starts another.
     */
    boolean restore(FeedId f) {
        if (pasts.containsKey(f)) {
            return true;
        }
        long low = store.oldestSeq(f);
        if (low <= 1) {
            return false;
        }
        LOG.info("feed {}: fetching back seq 1..{} below the oldest entry held", f.shortText(), low - 1);
        pasts.put(f, new Gap(f, true, 0, low, host.now()));
        actor.execute(this::pump);
        return true;
    }

    /** Stops fetching back the past of {@code f} (it is no longer archived here). */
    void stopRestoring(FeedId f) {
        Gap g = pasts.remove(f);
        if (g != null) {
            for (Task t : g.tasks.values()) {
                requests.cancel(t.requestId);
            }
        }
    }

    /** True while the pruned past of {@code f} is being fetched back. */
    boolean restoring(FeedId f) {
        return pasts.containsKey(f);
    }

    /** Times out slow chunks, hands chunks to peers, joins what is ready. Replication thread. */
    void pump() {
        long now = host.now();
        if (!store.health().ready()) {
            // The store refuses writes (the disk is full): fetch nothing it could not keep, and do
            // not count the pause as a stall.
            for (Gap g : allGaps()) {
                g.lastProgress = now;
            }
            return;
        }
        for (Gap g : allGaps()) {
            Map<FeedId, Gap> map = g.past ? pasts : gaps;
            if (map.get(g.feed) != g) {
                continue;
            }
            if (g.past) {
                joinPast(g);
                timeOut(g, now);
                planPast(g);
            } else {
                join(g);
                timeOut(g, now);
                plan(g);
            }
            assign(g, now);
            boolean done = g.past
                    ? g.tasks.isEmpty() && store.oldestSeq(g.feed) <= 1
                    : g.tasks.isEmpty() && g.nextFrom > target(g);
            if (done) {
                map.remove(g.feed);
                if (g.past) {
                    LOG.info("feed {}: whole again from seq 1 to {}", g.feed.shortText(), store.latestSeq(g.feed));
                    actor.execute(() -> restored.accept(g.feed));
                } else {
                    LOG.info("feed {}: range fetch done at seq {}", g.feed.shortText(), store.latestSeq(g.feed));
                    actor.execute(() -> host.resume(g.feed));
                }
            } else if (now - g.lastProgress > STALL_MILLIS) {
                map.remove(g.feed);
                for (Task t : g.tasks.values()) {
                    requests.cancel(t.requestId);
                }
                LOG.warn(
                        "feed {}: no peer served seq {} for {} s; range fetch given up",
                        g.feed.shortText(),
                        g.past ? store.oldestSeq(g.feed) - 1 : store.latestSeq(g.feed) + 1,
                        STALL_MILLIS / 1000);
                if (!g.past) {
                    actor.execute(() -> host.resume(g.feed));
                }
            }
        }
    }

    private List<Gap> allGaps() {
        List<Gap> all = new ArrayList<>(gaps.values());
        all.addAll(pasts.values());
        return all;
    }

    /** The session's link closed: its chunks go to other peers. */
    void closed(PeerSession s) {
        for (Gap g : allGaps()) {
            for (Task t : g.tasks.values()) {
                if (t.peer == s && t.ready == null) {
                    t.peer = null;
                }
            }
        }
    }

    private long target(Gap g) {
        long best = store.latestSeq(g.feed);
        for (PeerSession s : host.sessions()) {
            Long seq = s.remoteSeq(g.feed);
            if (s.helloReceived() && seq != null && !isExcluded(g.feed, s) && !g.skip.contains(s.remoteId())) {
                best = Math.max(best, seq);
            }
        }
        return best;
    }

    private void plan(Gap g) {
        long head = store.latestSeq(g.feed);
        // Entries that arrived meanwhile by other means (live push after the fetch began).
        g.tasks.headMap(head + 1).values().removeIf(t -> t.to <= head && cancel(t));
        g.nextFrom = Math.max(g.nextFrom, head + 1);
        long target = target(g);
        while (g.nextFrom <= target && g.tasks.size() < MAX_TASKS) {
            Task t = new Task();
            t.from = g.nextFrom;
            t.to = Math.min(target, t.from + chunkEntries - 1);
            g.tasks.put(t.from, t);
            g.nextFrom = t.to + 1;
        }
    }

    /** Plans chunks of the pruned past downwards from just below the oldest entry held. */
    private void planPast(Gap g) {
        long low = store.oldestSeq(g.feed);
        g.tasks.tailMap(low, true).values().removeIf(this::cancel);
        g.nextTo = Math.min(g.nextTo, low - 1);
        while (g.nextTo >= 1 && g.tasks.size() < MAX_TASKS) {
            Task t = new Task();
            t.to = g.nextTo;
            t.from = Math.max(1, t.to - chunkEntries + 1);
            g.tasks.put(t.from, t);
            g.nextTo = t.from - 1;
        }
    }

    private boolean cancel(Task t) {
        if (t.requestId >= 0) {
            requests.cancel(t.requestId);
        }
        return true;
    }

    private void timeOut(Gap g, long now) {
        for (Task t : g.tasks.values()) {
            if (t.peer != null && t.ready == null && !t.arrived && now - t.sentAt > CHUNK_TIMEOUT_MILLIS) {
                LOG.info(
                        "feed {}: peer {} did not send seq {}..{} within {} ms; asking another",
                        g.feed.shortText(),
                        t.peer.remoteId().shortText(),
                        t.from,
                        t.to,
                        CHUNK_TIMEOUT_MILLIS);
                requests.cancel(t.requestId);
                g.skip.add(t.peer.remoteId());
                t.peer = null;
            }
        }
    }

    private void assign(Gap g, long now) {
        Map<PeerSession, Integer> inFlight = inFlight();
        List<PeerSession> sessions = new ArrayList<>(host.sessions());
        // In the order the chunks will join: a pruned past joins from its top down.
        for (Task t : g.past ? g.tasks.descendingMap().values() : g.tasks.values()) {
            if (t.peer != null || t.ready != null) {
                continue;
            }
            PeerSession pick = null;
            int n = sessions.size();
            for (int i = 0; i < n; i++) {
                PeerSession s = sessions.get((rotate + i) % n);
                if (!canServe(g, s, t) || inFlight.getOrDefault(s, 0) >= IN_FLIGHT_PER_PEER) {
                    continue;
                }
                if (pick == null || inFlight.getOrDefault(s, 0) < inFlight.getOrDefault(pick, 0)) {
                    pick = s;
                }
            }
            if (pick == null) {
                continue;
            }
            rotate++;
            inFlight.merge(pick, 1, Integer::sum);
            send(g, t, pick, now);
        }
    }

    private boolean canServe(Gap g, PeerSession s, Task t) {
        Long seq = s.remoteSeq(g.feed);
        return s.helloReceived()
                && s.link().isOpen()
                && seq != null
                && seq >= t.from
                && s.remoteLow(g.feed) <= t.from
                && !isExcluded(g.feed, s)
                && !g.skip.contains(s.remoteId());
    }

    private Map<PeerSession, Integer> inFlight() {
        Map<PeerSession, Integer> n = new HashMap<>();
        for (Gap g : allGaps()) {
            for (Task t : g.tasks.values()) {
                if (t.peer != null && t.ready == null && !t.arrived) {
                    n.merge(t.peer, 1, Integer::sum);
                }
            }
        }
        return n;
    }

    private void send(Gap g, Task t, PeerSession s, long now) {
        t.peer = s;
        t.sentAt = now;
        t.arrived = false;
        ChunkRequests.Sent sent = requests.send(s.link(), g.feed, t.from, t.to);
        t.requestId = sent.id();
        long id = sent.id();
        long from = t.from;
        // As soon as the answer is in, the peer may get its next request: its upload should not
        // idle while we verify.
        sent.answer()
                .thenRun(() -> actor.execute(() -> {
                    if (t.requestId == id && t.peer == s) {
                        t.arrived = true;
                        pump();
                    }
                }));
        sent.answer()
                .whenCompleteAsync(
                        (chunk, error) -> {
                            Verified v = error != null
                                    ? null
                                    : new Verified(chunk, ChainCheck.problem(chunk.entries(), g.feed, from, validator));
                            actor.execute(() -> answered(g, t, id, s, v));
                        },
                        verifiers);
    }

    private void answered(Gap g, Task t, long id, PeerSession s, Verified v) {
        if ((g.past ? pasts : gaps).get(g.feed) != g || t.requestId != id || t.peer != s || t.ready != null) {
            return; // given to another peer meanwhile, or the fetch ended
        }
        if (v == null) {
            t.peer = null; // link closed or request cancelled
        } else if (v.problem() != null) {
            host.meter().received(v.chunk().entries().size());
            host.meter().refused("bad_chunk", v.chunk().entries().size());
            exclude(g, s, "seq " + t.from + ".." + t.to + ": " + v.problem());
            t.peer = null;
        } else if (v.chunk().entries().isEmpty()) {
            // It does not hold them (pruned, or behind what it advertised): ask someone else.
            if (v.chunk().low() > 1) {
                s.setRemoteLow(g.feed, v.chunk().low());
            }
            g.skip.add(s.remoteId());
            t.peer = null;
        } else {
            List<Entry> entries = v.chunk().entries();
            long last = entries.get(entries.size() - 1).seq();
            if (last > t.to) {
                exclude(g, s, "sent seq " + last + " beyond the asked " + t.to);
                t.peer = null;
                pump();
                return;
            }
            if (last < t.to) {
                // Capped by size: the rest becomes a chunk of its own.
                Task rest = new Task();
                rest.from = last + 1;
                rest.to = t.to;
                g.tasks.put(rest.from, rest);
                t.to = last;
            }
            t.ready = entries;
            s.countReceived(entries.size());
            host.meter().received(entries.size());
            host.meter().verified(entries.size());
            g.lastProgress = host.now();
        }
        pump();
    }

    /** Appends the ready chunks that continue the head, in order. */
    private void join(Gap g) {
        while (!g.tasks.isEmpty()) {
            Task first = g.tasks.firstEntry().getValue();
            long head = store.latestSeq(g.feed);
            if (first.ready == null || first.from > head + 1) {
                return;
            }
            g.tasks.pollFirstEntry();
            List<Entry> fresh = new ArrayList<>();
            for (Entry e : first.ready) {
                if (e.seq() > head) {
                    fresh.add(e);
                }
            }
            host.meter().duplicates(first.ready.size() - fresh.size());
            if (fresh.isEmpty()) {
                continue;
            }
            Entry previous = store.latest(g.feed).orElse(null);
            if (!ChainCheck.joins(previous, fresh.get(0))) {
                host.meter().refused("bad_prev", fresh.size());
                exclude(g, first.peer, "seq " + fresh.get(0).seq() + " does not join the chain held at seq " + head);
                requeue(g, first);
                continue;
            }
            List<AppendResult> results;
            try {
                results = org.scurry.swarm.internal.replication.Metered.append(store, fresh, host.meter());
            } catch (org.scurry.swarm.StoreUnavailableException e) {
                host.meter().refused("store_unavailable", fresh.size());
                requeue(g, first); // the disk is full: ask again once it takes writes
                LOG.info("feed {}: chunk not stored ({}); it will be asked again", g.feed.shortText(), e.getMessage());
                return;
            }
            List<Entry> appended = new ArrayList<>(results.size());
            for (AppendResult r : results) {
                if (r.appended()) {
                    appended.add(r.entry());
                } else if (r.status() == AppendResult.Status.DUPLICATE) {
                    host.meter().duplicates(1);
                } else {
                    host.meter().refused(r.status().name().toLowerCase(java.util.Locale.ROOT), 1);
                }
            }
            host.meter().stored(appended.size());
            g.lastProgress = host.now();
            if (!appended.isEmpty()) {
                host.appended(appended, null);
            }
        }
    }

    /**
     * Puts back the ready chunks of the pruned past that end just below the oldest entry held,
     * from the top down: each must end in the entry the oldest one held names as its prev.
     */
    private void joinPast(Gap g) {
        while (!g.tasks.isEmpty()) {
            Task top = g.tasks.lastEntry().getValue();
            long low = store.oldestSeq(g.feed);
            if (top.ready == null || top.to < low - 1) {
                return;
            }
            g.tasks.pollLastEntry();
            List<Entry> fresh = new ArrayList<>();
            for (Entry e : top.ready) {
                if (e.seq() < low) {
                    fresh.add(e);
                }
            }
            host.meter().duplicates(top.ready.size() - fresh.size());
            if (fresh.isEmpty()) {
                continue;
            }
            Entry oldest = store.get(g.feed, low).orElse(null);
            if (oldest == null || !ChainCheck.joins(fresh.get(fresh.size() - 1), oldest)) {
                host.meter().refused("bad_prev", fresh.size());
                exclude(g, top.peer, "seq " + (low - 1) + " is not the prev of the oldest entry held, seq " + low);
                requeue(g, top);
                continue;
            }
            try {
                store.restoreBelow(g.feed, fresh);
                host.meter().stored(fresh.size());
            } catch (org.scurry.swarm.StoreUnavailableException e) {
                host.meter().refused("store_unavailable", fresh.size());
                requeue(g, top);
                LOG.info("feed {}: past not stored ({}); it will be asked again", g.feed.shortText(), e.getMessage());
                return;
            } catch (IllegalArgumentException e) {
                // The oldest entry held moved meanwhile (pruned again): plan against the new one.
                host.meter().refused("bad_prev", fresh.size());
                LOG.info("feed {}: past not restored ({}); asking again", g.feed.shortText(), e.getMessage());
                requeue(g, top);
                return;
            }
            g.lastProgress = host.now();
        }
    }

    private void requeue(Gap g, Task t) {
        Task again = new Task();
        again.from = t.from;
        again.to = t.to;
        g.tasks.put(again.from, again);
    }

    private boolean isExcluded(FeedId f, PeerSession s) {
        return excluded.getOrDefault(f, Set.of()).contains(s.remoteId());
    }

    private void exclude(Gap g, PeerSession s, String why) {
        if (s == null) {
            return;
        }
        LOG.warn(
                "feed {}: peer {} sent a bad chunk ({}); it is excluded from serving this feed",
                g.feed.shortText(),
                s.remoteId().shortText(),
                why);
        excluded.computeIfAbsent(g.feed, k -> new HashSet<>()).add(s.remoteId());
    }
}
