package org.scurry.swarm.internal.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.history.CustodyReceipt;
import org.scurry.swarm.history.CustodyStatus;
import org.scurry.swarm.history.Heartbeat;
import org.scurry.swarm.history.HistoryConfig;
import org.scurry.swarm.history.HistoryServer;
import org.scurry.swarm.internal.replication.PeerSession;
import org.scurry.swarm.internal.replication.Replicator;
import org.scurry.swarm.internal.replication.WantedFeeds;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.Beat;
import org.scurry.swarm.wire.Message.Chunk;
import org.scurry.swarm.wire.Message.ChunkRequest;
import org.scurry.swarm.wire.Message.Range;
import org.scurry.swarm.wire.Message.Ranges;
import org.scurry.swarm.wire.Message.Receipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history side of replication (DESIGN.md §6, docs/history.md), next to the {@link Replicator}
 * that hands it the new messages and its periodic tick:
 *
 * <ul>
 *   <li>heartbeats of history servers, gossiped, make the {@link HistoryDirectory} of live servers;
 *   <li>a node in the history role signs heartbeats, computes its {@link Assignment} (rendezvous
 *       top k of the live servers) and archives those feeds in full, and signs custody receipts
 *       for what it holds;
 *   <li>receipts are gossiped to the peers replicating the feed and kept in a {@link
 *       CustodyLedger}; a client prunes others' feeds beyond its window only as far as receipts
 *       cover ({@link PruneRule}) and tells its peers the range it still holds ({@code Ranges});
 *   <li>chunk requests are served from the store; the {@link RangeFetcher} and the {@link
 *       HistoryReader} send them.
 * </ul>
 *
 * State is used on the replication thread, except the directory, ledger and reader, which are
 * thread-safe.
 *
 * <p>Why it is long: it is the whole history protocol on the replication thread: the handlers of
 * four messages (Beat, Receipts, Ranges, ChunkRequest), the history role's tick (assignment,
 * receipts, the copies figure) and a client's pruning. The state each step works on has a class of
 * its own (HistoryDirectory, Assignment, CustodyLedger, PruneRule, RangeFetcher, HistoryReader).
 */
public final class HistoryProtocol implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryProtocol.class);
    /** Most entries and bytes in one chunk answer (well under the 1 MiB frame). */
    static final int MAX_CHUNK_ENTRIES = 1000;

    static final int MAX_CHUNK_BYTES = 512 * 1024;

    /** Receipts per {@code Receipts} message: 2,000 × 176 bytes, well under the 1 MiB frame. */
    static final int RECEIPTS_PER_MESSAGE = 2000;

    /** What it needs of the replicator. */
    public interface Host extends RangeFetcher.Host {
        /** The follow graph or the archived set changed: recompute what is replicated. */
        void wantedChanged();

        /**
         * An address of a history server, worth dialling; {@code keep}: keep it linked (re-dial
         * after every loss) rather than dial it while discovered links are wanted.
         */
        void discovered(String address, boolean keep);

        Executor actor();
    }

    private final HistoryConfig config;
    private final FeedId self;
    private final Ed25519Signer signer;
    private final Store store;
    private final WantedFeeds wanted;
    private final EntryValidator validator;
    private final Host host;
    private final HistoryDirectory directory;
    private final CustodyLedger ledger = new CustodyLedger();
    private final Assignment assignment;
    private final ChunkRequests requests = new ChunkRequests();
    private final ExecutorService verifiers;
    private final RangeFetcher fetcher;
    private final HistoryReader reader;
    private final Map<FeedId, Long> receipted = new HashMap<>();
    private Entry announcement;
    private long nextBeat;
    private long nextPrune;

    public HistoryProtocol(
            HistoryConfig config,
            FeedId self,
            Ed25519Signer signer,
            Store store,
            WantedFeeds wanted,
            EntryValidator validator,
            Host host) {
        this.config = config;
        this.self = self;
        this.signer = config.server() ? signer : null;
        this.store = store;
        this.wanted = wanted;
        this.validator = validator;
        this.host = host;
        this.directory = new HistoryDirectory(config.liveness());
        this.assignment = config.server() ? new Assignment(self, config.copies(), config.releaseGrace()) : null;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.verifiers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scurry-chunk-verify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.fetcher = new RangeFetcher(
                store,
                validator,
                requests,
                host,
                host.actor(),
                verifiers,
                config.rangeThreshold(),
                config.chunkEntries(),
                this::restored);
        this.reader = new HistoryReader(
                store, validator, requests, new HistoryCache(config.window(), 32), this::candidatesFromAnyThread);
    }

    // ---- public face, through the Replicator ---------------------------------------------------

    public HistoryDirectory directory() {
        return directory;
    }

    public CustodyLedger ledger() {
        return ledger;
    }

    public HistoryReader reader() {
        return reader;
    }

    public RangeFetcher fetcher() {
        return fetcher;
    }

    /** Feeds this server archives (empty for a client). Replication thread. */
    public Set<FeedId> archived() {
        return assignment == null ? Set.of() : assignment.archived();
    }

    /** A history server's announcement entry: heartbeats start carrying it. Replication thread. */
    public void announce(Entry entry) {
        if (signer == null) {
            throw new IllegalStateException("only a node in the history role announces itself");
        }
        announcement = entry;
        nextBeat = 0;
        tick();
    }

    /** The Sources test: true when the feed's gap is (now) fetched in ranges. */
    public boolean inRanges(FeedId f) {
        return fetcher.takeOver(f);
    }

    /** Prunes as asked, refusing what receipts do not cover or an own feed. Replication thread. */
    public long pruneBelow(FeedId feed, long belowSeq) {
        PruneRule.check(feed.toString(), wanted.isLocal(feed), belowSeq, coveredUpTo(feed));
        return prune(feed, belowSeq);
    }

    // ---- link events -----------------------------------------------------------------------------

    /** After the peer's Hello: tell it the live history servers and the ranges we pruned. */
    public void helloed(PeerSession s) {
        List<Heartbeat> beats = directory.liveBeats(host.now());
        for (Heartbeat b : beats) {
            s.link().send(new Beat(b));
        }
        List<Range> ranges = new ArrayList<>();
        for (FeedId f : wanted.all()) {
            long low = store.oldestSeq(f);
            if (low > 1) {
                ranges.add(new Range(f, low, store.latestSeq(f)));
            }
        }
        if (!ranges.isEmpty()) {
            s.link().send(new Ranges(ranges));
        }
    }

    /**
     * A message of the history protocol from a linked peer (chunk requests are queued by the
     * replicator's PeerMessages and answered through {@link #serve}). Replication thread.
     */
    public void handle(PeerSession s, Message m) {
        if (m instanceof Ranges r) {
            for (Range range : r.ranges()) {
                s.setRemoteLow(range.feed(), range.low());
            }
            fetcher.pump();
        } else if (m instanceof Beat b) {
            beat(s, b.heartbeat());
        } else if (m instanceof Receipts r) {
            receipts(s, r.receipts());
        }
    }

    /** A chunk answer: straight from the network thread to whoever asked. */
    public void answered(PeerLink link, Chunk chunk) {
        requests.answer(link, chunk);
    }

    public void closed(PeerSession s) {
        requests.closed(s.link());
        fetcher.closed(s);
    }

    /** Periodic work (every replication tick, 250 ms). Replication thread. */
    public void tick() {
        long now = host.now();
        if (now >= nextBeat) {
            nextBeat = now + config.heartbeat().toMillis();
            if (signer != null && announcement != null) {
                serverBeat(now);
            }
            gossipReceipts();
            linkToCustodians(now);
        }
        if (now >= nextPrune) {
            nextPrune = now + config.pruneInterval().toMillis();
            pruneAll();
        }
        fetcher.pump();
    }

    // ---- heartbeats and assignment ---------------------------------------------------------------

    private void serverBeat(long now) {
        Heartbeat mine = Heartbeat.sign(signer, announcement, now);
        directory.offer(mine, now);
        for (PeerSession s : host.sessions()) {
            if (s.helloReceived()) {
                s.link().send(new Beat(mine));
            }
        }
        Set<FeedId> feeds = new HashSet<>(store.clock().keySet());
        for (PeerSession s : host.sessions()) {
            feeds.addAll(s.remoteFeeds());
        }
        List<HistoryServer> live = directory.live(now);
        Set<FeedId> before = assignment.archived();
        if (assignment.update(feeds, live, now)) {
            Set<FeedId> after = assignment.archived();
            Set<FeedId> released = difference(before, after);
            LOG.info(
                    "history: archiving {} feeds over {} live servers (+{} -{})",
                    after.size(),
                    live.size(),
                    difference(after, before).size(),
                    released.size());
            for (FeedId f : released) {
                // Its copy shrinks to the window: a later assignment must refetch and receipt anew.
                receipted.remove(f);
                fetcher.stopRestoring(f);
            }
            wanted.setArchived(after);
            host.wantedChanged();
        }
        for (FeedId f : assignment.archived()) {
            // Custody means the whole chain: what was pruned here (a copy released earlier) is
            // fetched back before any receipt is signed; the head streams in as for any wanted feed.
            if (store.oldestSeq(f) > 1) {
                fetcher.restore(f);
            }
            signReceipt(f, now);
        }
    }

    /** Signs a receipt for an archived feed held whole from seq 1, when its head grew since the last. */
    private void signReceipt(FeedId f, long now) {
        long head = store.latestSeq(f);
        if (head > 0 && store.oldestSeq(f) == 1 && head > receipted.getOrDefault(f, 0L)) {
            Entry e = store.latest(f).orElseThrow();
            ledger.offer(CustodyReceipt.sign(signer, f, head, e.id(), now));
            receipted.put(f, head);
        }
    }

    /**
     * The pruned past of {@code f} is back (replication thread): peers may ask us for all of it
     * again, and the receipt goes out at once rather than at the next heartbeat.
     */
    private void restored(FeedId f) {
        long head = store.latestSeq(f);
        for (PeerSession s : host.sessions()) {
            if (s.helloReceived() && s.interestedIn(f)) {
                s.link().send(new Ranges(List.of(new Range(f, 1, head))));
            }
        }
        if (signer != null && assignment.isArchived(f)) {
            signReceipt(f, host.now());
            gossipReceipts();
        }
    }

    /**
     * Each local feed's first live history server is kept linked, so the author's entries reach
     * custody even when no follower is linked to a server.
     */
    private void linkToCustodians(long now) {
        List<HistoryServer> live = directory.live(now);
        if (live.isEmpty()) {
            return;
        }
        Set<FeedId> linked = new HashSet<>();
        for (PeerSession s : host.sessions()) {
            linked.add(s.remoteId());
        }
        for (FeedId f : wanted.locals()) {
            List<HistoryServer> top = Rendezvous.top(f, live, config.copies());
            if (top.stream().noneMatch(s -> s.id().equals(self) || linked.contains(s.id()))) {
                host.discovered(top.get(0).address(), true);
            }
        }
    }

    private static Set<FeedId> difference(Set<FeedId> a, Set<FeedId> b) {
        Set<FeedId> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    private void beat(PeerSession from, Heartbeat hb) {
        long now = host.now();
        if (hb.timestamp() > now + EntryValidator.MAX_FUTURE_SKEW.toMillis()) {
            return;
        }
        try {
            validator.validate(hb.announcement());
            HistoryServer.of(hb.announcement());
        } catch (InvalidEntryException | IllegalArgumentException e) {
            LOG.warn(
                    "peer {} relayed a bad history announcement: {}",
                    from.remoteId().shortText(),
                    e.getMessage());
            return;
        }
        if (!hb.verifies() || !directory.offer(hb, now)) {
            return;
        }
        if (!hb.server().equals(self)) {
            // History servers keep links to each other: a server taking a feed over fetches it
            // from the others.
            host.discovered(HistoryServer.of(hb.announcement()).address(), signer != null);
        }
        for (PeerSession s : host.sessions()) {
            if (s != from && s.helloReceived()) {
                s.link().send(new Beat(hb));
            }
        }
    }

    // ---- receipts ------------------------------------------------------------------------------

    private void receipts(PeerSession from, List<CustodyReceipt> list) {
        for (CustodyReceipt r : list) {
            if (directory.server(r.server()).isEmpty()) {
                continue; // not (yet) a known history server; it re-sends at its next heartbeat
            }
            if (!r.verifies()) {
                LOG.warn(
                        "peer {} sent a custody receipt that does not verify: {}",
                        from.remoteId().shortText(),
                        r);
                continue;
            }
            Entry held = store.get(r.feed(), r.seq()).orElse(null);
            if (held != null && !held.id().equals(r.entry())) {
                LOG.warn("custody receipt {} names another entry than the one held (a fork?); ignored", r);
                continue;
            }
            from.learnt(r);
            ledger.offer(r);
        }
    }

    /**
     * Sends each peer, for each feed it replicates, every server's newest receipt that is news to
     * it: one receipt per server, so that every node can count the copies (a client prunes by the
     * best one; {@link #copies} counts them all). At most {@link #RECEIPTS_PER_MESSAGE} per message.
     */
    private void gossipReceipts() {
        for (PeerSession s : host.sessions()) {
            if (!s.helloReceived()) {
                continue;
            }
            List<CustodyReceipt> out = new ArrayList<>();
            for (FeedId f : s.remoteFeeds()) {
                for (CustodyReceipt r : ledger.receipts(f)) {
                    if (!s.knows(r)) {
                        out.add(r);
                        s.learnt(r);
                    }
                }
            }
            for (int i = 0; i < out.size(); i += RECEIPTS_PER_MESSAGE) {
                s.link().send(new Receipts(out.subList(i, Math.min(out.size(), i + RECEIPTS_PER_MESSAGE))));
            }
        }
    }

    // ---- copies ----------------------------------------------------------------------------------

    /**
     * How many live history servers hold {@code feed} whole, as far as receipts tell: those whose
     * newest receipt reaches the newest {@code window} entries held here, plus this server when it
     * archives the feed and holds it from seq 1. Replication thread.
     */
    public int copies(FeedId feed) {
        long now = host.now();
        long head = store.latestSeq(feed);
        long floor = Math.max(1, head - config.window() + 1);
        Set<FeedId> holders = new HashSet<>();
        if (assignment != null && assignment.isArchived(feed) && head > 0 && store.oldestSeq(feed) == 1) {
            holders.add(self);
        }
        for (CustodyReceipt r : ledger.receipts(feed)) {
            if (!r.server().equals(self) && r.seq() >= floor && directory.isLive(r.server(), now)) {
                holders.add(r.server());
            }
        }
        return holders.size();
    }

    /** The copies figure of the feeds archived here; null for a client. Replication thread. */
    public CustodyStatus custody() {
        if (assignment == null) {
            return null;
        }
        Set<FeedId> archived = assignment.archived();
        int whole = 0;
        int restoring = 0;
        java.util.SortedMap<Integer, Integer> histogram = new java.util.TreeMap<>();
        List<Map.Entry<FeedId, Integer>> few = new ArrayList<>();
        for (FeedId f : archived) {
            if (store.latestSeq(f) > 0 && store.oldestSeq(f) == 1) {
                whole++;
            }
            if (fetcher.restoring(f)) {
                restoring++;
            }
            int n = copies(f);
            histogram.merge(n, 1, Integer::sum);
            if (n < config.copies()) {
                few.add(Map.entry(f, n));
            }
        }
        few.sort(Map.Entry.<FeedId, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        Map<FeedId, Integer> fewest = new java.util.LinkedHashMap<>();
        for (Map.Entry<FeedId, Integer> e : few.subList(0, Math.min(few.size(), CustodyStatus.LISTED))) {
            fewest.put(e.getKey(), e.getValue());
        }
        int min = histogram.isEmpty() ? 0 : histogram.firstKey();
        return new CustodyStatus(config.copies(), archived.size(), whole, restoring, histogram, min, fewest);
    }

    /** What receipts cover of the feed, after dropping receipts that name another chain. */
    private long coveredUpTo(FeedId feed) {
        while (true) {
            CustodyReceipt best = null;
            for (CustodyReceipt r : ledger.receipts(feed)) {
                if (!r.server().equals(self) && (best == null || r.seq() > best.seq())) {
                    best = r; // a server's own receipt never lets it prune
                }
            }
            if (best == null) {
                return 0;
            }
            Entry held = store.get(feed, best.seq()).orElse(null);
            if (held == null || held.id().equals(best.entry())) {
                return best.seq();
            }
            ledger.drop(best);
        }
    }

    // ---- pruning -------------------------------------------------------------------------------

    /**
     * Clients prune every feed but their own to the window, as far as receipts cover. A history
     * server keeps what it archives whole and prunes the rest by the same rule: that is how it
     * releases a surplus copy (a feed it no longer ranks for) once the servers that do have
     * receipted it; its own receipts never count.
     */
    private void pruneAll() {
        if (!store.health().ready()) {
            return; // a delete is a write too; it waits until the store takes writes again
        }
        Map<FeedId, Long> pruned = new HashMap<>();
        Set<FeedId> archived = archived();
        for (Map.Entry<FeedId, Long> e : store.clock().entrySet()) {
            FeedId f = e.getKey();
            if (wanted.isLocal(f) || archived.contains(f)) {
                continue;
            }
            long oldest = store.oldestSeq(f);
            long below = PruneRule.pruneBelow(oldest, e.getValue(), config.window(), coveredUpTo(f));
            // In steps of at least a tenth of the window: not one store write per new entry.
            if (below - oldest >= Math.max(1, config.window() / 10) && prune(f, below) > 0) {
                pruned.put(f, below);
            }
        }
        if (pruned.isEmpty()) {
            return;
        }
        for (PeerSession s : host.sessions()) {
            List<Range> ranges = new ArrayList<>();
            for (Map.Entry<FeedId, Long> p : pruned.entrySet()) {
                if (s.helloReceived() && s.interestedIn(p.getKey())) {
                    ranges.add(new Range(p.getKey(), p.getValue(), store.latestSeq(p.getKey())));
                }
            }
            if (!ranges.isEmpty()) {
                s.link().send(new Ranges(ranges));
            }
        }
    }

    private long prune(FeedId f, long below) {
        long n = store.prune(f, below);
        if (n > 0) {
            LOG.info("pruned {} receipted entries of feed {} below seq {}", n, f.shortText(), below);
        }
        return n;
    }

    // ---- serving chunks --------------------------------------------------------------------------

    /** Answers a chunk request (the replicator's EntryPump calls it while the link is writable). */
    public void serve(PeerSession s, ChunkRequest r) {
        long low = store.oldestSeq(r.feed());
        long head = store.latestSeq(r.feed());
        List<Entry> out = new ArrayList<>();
        if (r.fromSeq() >= 1 && r.fromSeq() >= low && r.fromSeq() <= head && r.toSeq() >= r.fromSeq()) {
            long to = Math.min(r.toSeq(), r.fromSeq() + MAX_CHUNK_ENTRIES - 1);
            int bytes = 0;
            for (Entry e : store.range(r.feed(), r.fromSeq(), to, MAX_CHUNK_ENTRIES)) {
                if (!out.isEmpty() && bytes + e.encodedLength() > MAX_CHUNK_BYTES) {
                    break;
                }
                out.add(e);
                bytes += e.encodedLength() + 4;
            }
        }
        s.link().send(new Chunk(r.requestId(), r.feed(), low, head, out));
        s.countSent(out.size());
        host.meter().sent(out.size());
    }

    // ---- readers' peers --------------------------------------------------------------------------

    /**
     * Whom to ask for the past of {@code feed}: live history servers by their ranking for it, then
     * linked peers that replicate the feed (most held first), then the other linked peers.
     */
    private List<PeerLink> candidates(FeedId feed) {
        long now = host.now();
        List<PeerSession> linked = new ArrayList<>();
        for (PeerSession s : host.sessions()) {
            if (s.helloReceived() && s.link().isOpen()) {
                linked.add(s);
            }
        }
        Map<FeedId, Integer> rank = new HashMap<>();
        List<HistoryServer> ranked = Rendezvous.rank(feed, directory.live(now));
        for (int i = 0; i < ranked.size(); i++) {
            rank.put(ranked.get(i).id(), i);
        }
        linked.sort(Comparator.comparingInt((PeerSession s) -> rank.getOrDefault(s.remoteId(), Integer.MAX_VALUE))
                .thenComparingLong(s -> -s.remoteSeq(feed, -1L)));
        List<PeerLink> out = new ArrayList<>();
        for (PeerSession s : linked) {
            out.add(s.link());
        }
        return out;
    }

    private List<PeerLink> candidatesFromAnyThread(FeedId feed) {
        CompletableFuture<List<PeerLink>> links = new CompletableFuture<>();
        host.actor().execute(() -> links.complete(candidates(feed)));
        try {
            return links.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new java.util.NoSuchElementException("the replication thread did not answer: " + e);
        }
    }

    Collection<FeedId> receiptedFeeds() {
        return receipted.keySet();
    }

    @Override
    public void close() {
        verifiers.shutdownNow();
    }
}
