package org.scurry.swarm.internal.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.internal.history.HistoryProtocol;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.ReplicationRuntime;
import org.scurry.swarm.spi.Scheduler;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.Transport;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.Clock;
import org.scurry.swarm.wire.Message.Entries;
import org.scurry.swarm.wire.Message.Hello;
import org.scurry.swarm.wire.Message.Note;
import org.scurry.swarm.wire.Message.Peers;
import org.scurry.swarm.wire.Message.RangeRequest;
import org.scurry.swarm.wire.MessageCodec;
import org.scurry.swarm.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication engine (DESIGN.md §5), in the spirit of Epidemic Broadcast Trees.
 *
 * <ul>
 *   <li>On a new link each side sends Hello, then a clock: a note per wanted feed with the latest
 *       seq held. When both remember the previous session's clock, only changed notes are sent.
 *   <li>Each wanted feed has one source peer at a time, the one asked to stream it (note with
 *       receive=true); the others only send notes when they get newer entries. If the source goes
 *       away, or stays silent for {@code sourceTimeout} while another peer advertises more, the
 *       feed is asked of another peer. So an entry normally arrives once.
 *   <li>A peer that asked us to stream a feed gets its missing entries in batches while its link
 *       is writable, and new ones live as they are appended.
 *   <li>A peer's range and chunk requests are answered in order, also only while its link is
 *       writable; what it makes the node hold meanwhile is bounded by its {@link InboundBudget}.
 * </ul>
 *
 * All state lives on one thread (the "actor", a {@link Scheduler}, whose clock is the only one read
 * here); the network threads only hand messages over, and received entries go through {@link
 * Ingest} (parallel verification, ordered append) first, or {@link InlineIngest} in the simulator.
 */
public final class Replicator implements PeerLink.Handler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
    static final int BATCH_ENTRIES = 256;
    static final int BATCH_BYTES = 256 * 1024;
    private static final int PUMP_BATCHES_PER_TURN = 8;
    /** Types of unknown messages logged per link (each once), beyond which they are only counted. */
    private static final int UNKNOWN_TYPES_LOGGED = 16;

    private static final int MAX_RANGE_REPLY = 1000;
    private static final int PEERS_TO_SHARE = 32;
    /** How many of a followed feed's newest entries are searched for its address entry. */
    private static final int ADDRESS_SCAN = 1000;

    private final NodeConfig config;
    private final FeedId self;
    private final Store store;
    private final WantedFeeds wanted;
    private final PeerScores scores = new PeerScores();
    private final Scheduler actor;
    private final EntryIntake ingest;
    private final NodeMeter meter;
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();
    private final Map<FeedId, PeerSession> sessions = new LinkedHashMap<>();
    /** Per open link, from its first message on (network threads and this thread). */
    private final Map<PeerLink, InboundBudget> budgets = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicLong unknownMessages = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong requestFloods = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> rangeRequested = new HashSet<>();
    private final Set<PeerSession> dirty = new LinkedHashSet<>();
    private final Sources sources;
    private final Coverage coverage;
    private final Set<String> ownAddresses = new HashSet<>();
    private volatile List<PeerInfo> peerView = List.of();
    private volatile Set<FeedId> wantedView = Set.of();
    private Dialer dialer;
    /** The directly followed feeds whose address was looked up in the store ({@link #recallAddress}). */
    private Set<FeedId> addressRecalled = Set.of();

    private String advertise = "";
    private volatile boolean closed;
    private volatile org.scurry.swarm.history.CustodyStatus lastCustody;
    private volatile org.scurry.swarm.CatchUp lastCatchUp = LagCount.EMPTY;
    /** The store's health at the last tick: a change to ready means peers must be told again. */
    private org.scurry.swarm.Health storeHealth;

    private final HistoryProtocol history;
    private final RequestHints hints;

    public Replicator(NodeConfig config, FeedId self, Store store, EntryValidator validator) {
        this(
                config,
                self,
                store,
                new ReplicationRuntime(
                        new ThreadedScheduler("scurry-replication-" + self.shortText()), false, validator),
                null);
    }

    /**
     * On the given runtime (scheduler, ingest mode, validator); {@code identity} (the key of {@code
     * self}) signs heartbeats and custody receipts when the config puts the node in the history
     * role, and may be null otherwise.
     */
    public Replicator(
            NodeConfig config,
            FeedId self,
            Store store,
            ReplicationRuntime runtime,
            org.scurry.swarm.crypto.Ed25519Signer identity) {
        this(config, self, store, runtime, identity, NodeMeter.NONE);
    }

    /** As above, telling {@code meter} what is received, refused, stored and sent. */
    public Replicator(
            NodeConfig config,
            FeedId self,
            Store store,
            ReplicationRuntime runtime,
            org.scurry.swarm.crypto.Ed25519Signer identity,
            NodeMeter meter) {
        this.config = config;
        this.meter = meter;
        this.self = self;
        this.store = store;
        this.wanted = new WantedFeeds(store, config.hops());
        this.actor = runtime.scheduler();
        this.sources = new Sources(
                wanted, store, sessions.values(), config.sourceTimeout().toMillis(), dirty::add, actor::now);
        this.ingest = runtime.inlineIngest()
                ? new InlineIngest(store, runtime.validator(), meter, r -> run(() -> ingested(r)))
                : new Ingest(store, runtime.validator(), "scurry-ingest", meter, r -> run(() -> ingested(r)));
        this.coverage = new Coverage(self, wanted, sessions.values());
        wanted.addLocal(self);
        if (config.history().server() && identity == null) {
            throw new IllegalArgumentException("the history role needs the node's identity to sign with");
        }
        this.history = new HistoryProtocol(
                config.history(), self, identity, store, wanted, runtime.validator(), new HistoryHost());
        sources.fetchInRangesWhen(history::inRanges);
        this.hints = new RequestHints(store, wanted, sessions.values());
    }

    /** How follow requests of local feeds reach their owners and requests to local owners arrive. */
    public void setRequestRouting(RequestRouting routing) {
        run(() -> hints.routing(routing));
    }

    /** The routing's list of asks changed: hint them to every peer at the next tick. */
    public void requestAsksChanged() {
        run(hints::outgoingDue);
    }

    /** The feeds fetched because of request hints, and the hints refused so far (by reason). */
    public org.scurry.swarm.protect.RequestHintStatus requestHints() {
        return ask(hints::status);
    }

    /** What the history protocol and the range fetcher may do here (on the replication thread). */
    private final class HistoryHost implements HistoryProtocol.Host {
        @Override
        public NodeMeter meter() {
            return meter;
        }

        @Override
        public java.util.Collection<PeerSession> sessions() {
            return sessions.values();
        }

        @Override
        public void appended(List<Entry> entries, PeerSession from) {
            Replicator.this.appended(entries, from);
        }

        @Override
        public void resume(FeedId feed) {
            sources.select(List.of(feed));
        }

        @Override
        public long now() {
            return Replicator.this.now();
        }

        @Override
        public void wantedChanged() {
            Replicator.this.wantedChanged();
        }

        @Override
        public void discovered(String address, boolean keep) {
            if (dialer == null || ownAddresses.contains(address)) {
                return;
            }
            if (keep) {
                dialer.addPermanent(address);
            } else {
                dialer.addDiscovered(address);
            }
        }

        @Override
        public java.util.concurrent.Executor actor() {
            return Replicator.this::run;
        }
    }

    /** Starts dialling configured peers and the periodic checks. */
    public void start(Transport transport, InetSocketAddress listening) {
        advertise = config.advertiseAddress();
        ownAddresses.add(advertise);
        ownAddresses.add("127.0.0.1:" + listening.getPort());
        ownAddresses.add("localhost:" + listening.getPort());
        dialer = new Dialer(transport, this::run, actor::now, config, ownAddresses);
        run(() -> {
            wantedChanged();
            for (String p : config.bootstrapPeers()) {
                dialer.addPermanent(p);
            }
            tick();
        });
        every(250, this::tick);
        every(1000, this::checkSources);
    }

    /** Runs {@code task} every {@code millis}, counted from the end of the previous run. */
    private void every(long millis, Runnable task) {
        actor.schedule(
                () -> {
                    if (!closed) {
                        guarded(task);
                        every(millis, task);
                    }
                },
                millis);
    }

    // ---- public face (any thread) ----------------------------------------------------------------

    /** An entry was appended locally (a post by a local author): push it to peers. */
    public void onLocalAppend(Entry entry) {
        run(() -> appended(List.of(entry), null));
    }

    /** Adds a local feed (a hosted account) to what is replicated as hop 0. */
    public void addLocalFeed(FeedId feed) {
        run(() -> {
            wanted.addLocal(feed);
            wantedChanged();
        });
    }

    /** Current peers with up-to-date counters (asked of the replication thread; at most 2 s). */
    public List<PeerInfo> peers() {
        CompletableFuture<List<PeerInfo>> fresh = new CompletableFuture<>();
        run(() -> {
            updateViews();
            fresh.complete(peerView);
        });
        try {
            return fresh.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return peerView;
        }
    }

    public Set<FeedId> wanted() {
        return wantedView;
    }

    /** Dials a peer now and keeps it linked; completes with its info or the reason it failed. */
    public CompletableFuture<PeerInfo> connect(String hostPort) {
        CompletableFuture<PeerInfo> result = new CompletableFuture<>();
        run(() -> dialer.dialNow(hostPort, now()).whenComplete((link, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(new PeerInfo(link.remoteId(), link.remoteAddress(), true, now(), 0, 0, 0, 1, 0));
            }
        }));
        return result;
    }

    // ---- history (docs/history.md) ---------------------------------------------------------------

    /** A history server's own announcement entry: its heartbeats carry it from now on. */
    public void announceHistory(Entry announcement) {
        ask(() -> {
            history.announce(announcement);
            return null;
        });
    }

    /**
     * Prunes a feed's entries below {@code belowSeq}; refuses (IllegalStateException) an own feed
     * or entries no history server has receipted. Returns how many were deleted. Blocks.
     */
    public long pruneBelow(FeedId feed, long belowSeq) {
        return ask(() -> history.pruneBelow(feed, belowSeq));
    }

    /**
     * A page of the feed's past, newest first, completed from history servers when not held here.
     * Blocks while peers are asked; throws NoSuchElementException when none can supply it.
     */
    public List<Entry> readHistory(FeedId feed, long beforeSeq, int limit) {
        return history.reader().page(feed, beforeSeq, limit);
    }

    /** History servers whose heartbeat arrived within the liveness time. */
    public List<org.scurry.swarm.history.HistoryServer> liveHistoryServers() {
        return history.directory().live(now());
    }

    /** The custody receipts checked here for a feed, one per server. */
    public List<org.scurry.swarm.history.CustodyReceipt> receipts(FeedId feed) {
        return history.ledger().receipts(feed);
    }

    /** Feeds this node archives in the history role. */
    public Set<FeedId> archived() {
        return ask(history::archived);
    }

    /**
     * How many live history servers hold {@code feed} whole as far as custody receipts tell
     * (docs/history.md, "Copies"). Asks the replication thread.
     */
    public int copies(FeedId feed) {
        return ask(() -> history.copies(feed));
    }

    /**
     * The copies figure of the feeds this history server archives; null for a client. Asks the
     * replication thread for at most 2 s (status must answer on a busy node), else the last figure.
     */
    public org.scurry.swarm.history.CustodyStatus custody() {
        CompletableFuture<org.scurry.swarm.history.CustodyStatus> fresh = new CompletableFuture<>();
        run(() -> {
            lastCustody = history.custody();
            fresh.complete(lastCustody);
        });
        try {
            return fresh.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return lastCustody;
        }
    }

    /**
     * How far behind its linked peers the node is, per feed group ({@link org.scurry.swarm.CatchUp}).
     * Asks the replication thread for at most 2 s (a scrape must answer on a busy node), else the
     * last figure.
     */
    public org.scurry.swarm.CatchUp catchUp() {
        CompletableFuture<org.scurry.swarm.CatchUp> fresh = new CompletableFuture<>();
        run(() -> {
            lastCatchUp = LagCount.of(wanted, history.archived(), sessions.values(), store::latestSeq);
            fresh.complete(lastCatchUp);
        });
        try {
            return fresh.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return lastCatchUp;
        }
    }

    /** Peers excluded from serving ranges of {@code feed} for sending bad chunks. */
    public Set<FeedId> excludedSources(FeedId feed) {
        return ask(() -> history.fetcher().excluded(feed));
    }

    /** Runs {@code work} on the replication thread and waits for it (at most 30 s). */
    private <T> T ask(java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the replication thread did not answer within 30 s");
        }
    }

    /** Registers a listener for appended entries; close the handle to remove it. */
    public AutoCloseable addListener(Consumer<Entry> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---- transport events (network threads) ------------------------------------------------------

    @Override
    public void onOpen(PeerLink link) {
        budgets.put(link, new InboundBudget(link, config.limits()));
        run(() -> opened(link));
    }

    /** Messages of types this node's protocol version does not know, from every peer so far. */
    public long unknownMessages() {
        return unknownMessages.get();
    }

    /** Peers dropped for sending more requests than their budget without reading the answers. */
    public long requestFloods() {
        return requestFloods.get();
    }

    @Override
    public void onMessage(PeerLink link, Message message) {
        if (message instanceof Message.Chunk c) {
            history.answered(link, c); // to whoever asked, which verifies it off this thread
        } else if (message instanceof Entries e) {
            // Only feeds we replicate are stored: a peer cannot make us keep what we never asked for.
            Set<FeedId> want = wantedView;
            List<Entry> kept = new ArrayList<>(e.entries().size());
            for (Entry entry : e.entries()) {
                if (want.contains(entry.author())) {
                    kept.add(entry);
                }
            }
            meter.received(e.entries().size());
            if (kept.size() < e.entries().size()) {
                meter.refused("unwanted", e.entries().size() - kept.size());
            }
            if (!kept.isEmpty()) {
                Map<FeedId, Long> newest = newestSeqs(kept);
                run(() -> arriving(link, newest)); // queued before any append of the batch
                ingest.submit(link, kept);
            }
        } else {
            InboundBudget budget = budgets.get(link);
            if (budget == null) {
                return; // closed
            }
            long bytes = MessageCodec.encodedLength(message);
            boolean request = message instanceof RangeRequest || message instanceof Message.ChunkRequest;
            InboundBudget.Verdict verdict = budget.arrived(bytes, request);
            if (verdict == InboundBudget.Verdict.IGNORE) {
                return;
            }
            if (verdict == InboundBudget.Verdict.DROP) {
                requestFloods.incrementAndGet();
                String reason = String.format(
                        "peer sent more than %d range and chunk requests without reading the answers",
                        config.limits().maxPendingRequests());
                LOG.warn("dropping link {} at {}: {}", link.remoteId().shortText(), link.remoteAddress(), reason);
                link.close(reason);
                run(() -> scores.ban(link.remoteId(), now(), "flooding requests"));
                return;
            }
            run(() -> {
                budget.handled(bytes);
                handle(link, message);
            });
        }
    }

    @Override
    public void onInvalidEntry(PeerLink link, InvalidEntryException reason) {
        run(() -> refuse(link, reason.getMessage()));
    }

    @Override
    public void onWritable(PeerLink link) {
        run(() -> {
            PeerSession s = sessionOf(link);
            if (s != null) {
                schedulePump(s);
            }
        });
    }

    @Override
    public void onClose(PeerLink link, String reason) {
        budgets.remove(link);
        run(() -> closedLink(link, reason));
    }

    // ---- actor -----------------------------------------------------------------------------------

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        actor.execute(() -> guarded(task));
    }

    private void guarded(Runnable task) {
        try {
            task.run();
            flushNotes();
        } catch (org.scurry.swarm.StoreUnavailableException e) {
            // Expected while the disk is full; what was not stored is fetched again on recovery.
            LOG.warn("replication step skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("replication step failed: {}", e.toString(), e);
            }
        }
    }

    private long now() {
        return actor.now();
    }

    private PeerSession sessionOf(PeerLink link) {
        PeerSession s = sessions.get(link.remoteId());
        return s != null && s.link == link ? s : null;
    }

    private void opened(PeerLink link) {
        FeedId remote = link.remoteId();
        if (scores.isBanned(remote, now())) {
            link.close("peer is banned for " + scores.banReason(remote));
            return;
        }
        PeerSession existing = sessions.get(remote);
        if (existing != null && existing.link.isOpen()) {
            // One link per pair. Both sides apply the same rule, so they close the same link:
            // keep the link dialled by the smaller id; if both were dialled by the same side, keep
            // the older one.
            FeedId oldDialer = existing.link.outbound() ? self : remote;
            FeedId newDialer = link.outbound() ? self : remote;
            boolean keepNew = !oldDialer.equals(newDialer) && newDialer.compareTo(oldDialer) < 0;
            if (!keepNew) {
                link.close("duplicate link to " + remote.shortText());
                return;
            }
            sessions.remove(remote);
            existing.link.close("duplicate link to " + remote.shortText());
            releaseSession(existing);
        }
        PeerSession s = new PeerSession(link, now());
        sessions.put(remote, s);
        Map<FeedId, Long> received = store.loadPeerClock(remote, "received");
        s.remoteSeq.putAll(received);
        received.keySet().forEach(sources::noted);
        s.rememberedSent = store.loadPeerClock(remote, "sent");
        int version = config.protocolVersion();
        long capabilities = version >= 2 && config.history().server() ? Protocol.CAP_HISTORY : 0;
        link.send(new Hello(advertise, ClockDigest.of(received), version, capabilities));
        if (version >= 2) {
            org.scurry.swarm.LinkLimits l = config.limits();
            link.send(new Message.Limits(
                    l.maxPendingRequests(),
                    Math.min(l.maxQueuedBytes(), MessageCodec.U32),
                    l.stallTimeout().toMillis()));
        }
        linksChanged();
        LOG.info(
                "peer {} linked ({}, {})",
                remote.shortText(),
                link.outbound() ? "outbound" : "inbound",
                link.remoteAddress());
        updateViews();
    }

    private void handle(PeerLink link, Message message) {
        PeerSession s = sessionOf(link);
        if (s == null) {
            return;
        }
        if (message instanceof RangeRequest || message instanceof Message.ChunkRequest) {
            s.requests.add(message); // answered by the pump, while the link is writable
            schedulePump(s);
        } else if (message instanceof Message.Unknown u) {
            unknown(s, u);
        } else if (message instanceof Message.Limits l) {
            LOG.debug("peer {} holds us to {}", s.remoteId().shortText(), l);
        } else if (message instanceof Hello h) {
            hello(s, h);
        } else if (message instanceof Clock c) {
            clock(s, c);
        } else if (message instanceof Peers p) {
            p.addresses().forEach(dialer::addDiscovered);
        } else if (message instanceof Message.Hints h) {
            if (hints.received(s, h, now())) {
                wantedChanged();
            }
        } else {
            history.handle(s, message);
        }
    }

    /** A message of a type our protocol version does not know: counted, logged once per type. */
    private void unknown(PeerSession s, Message.Unknown u) {
        s.unknownMessages++;
        unknownMessages.incrementAndGet();
        if (s.unknownTypesLogged.size() < UNKNOWN_TYPES_LOGGED && s.unknownTypesLogged.add(u.type())) {
            LOG.info(
                    "peer {} (protocol version {}) sent a message of type 0x{} ({} bytes), unknown to protocol"
                            + " version {}: ignored and counted",
                    s.remoteId().shortText(),
                    s.remoteVersion,
                    String.format("%02x", u.type()),
                    u.length() + 1,
                    config.protocolVersion());
        }
    }

    private void hello(PeerSession s, Hello h) {
        s.listenAddress = h.listenAddress();
        s.remoteVersion = h.version();
        s.remoteCapabilities = h.capabilities();
        dialer.addDiscovered(h.listenAddress());
        boolean diffOnly = h.clockDigest() != 0 && h.clockDigest() == ClockDigest.of(s.rememberedSent);
        if (diffOnly) {
            s.sentSeq.putAll(s.rememberedSent);
        }
        for (FeedId f : wanted.all()) {
            Long told = s.sentSeq.get(f);
            if (told == null || told != store.latestSeq(f)) {
                s.dirtyNotes.add(f);
            }
        }
        for (FeedId f : s.sentSeq.keySet()) {
            if (!wanted.contains(f)) {
                s.dirtyNotes.add(f);
            }
        }
        s.helloReceived = true;
        dirty.add(s);
        List<String> known = new ArrayList<>();
        for (PeerSession other : sessions.values()) {
            if (other != s && !other.listenAddress.isBlank()) {
                known.add(other.listenAddress);
            }
        }
        for (String a : dialer.addresses()) {
            if (known.size() >= PEERS_TO_SHARE) {
                break;
            }
            if (!known.contains(a)) {
                known.add(a);
            }
        }
        if (!known.isEmpty()) {
            s.link.send(new Peers(known));
        }
        history.helloed(s);
        hints.helloed(s);
        sources.offered(s, s.remoteSeq.keySet());
    }

    private void clock(PeerSession s, Clock c) {
        LOG.debug("clock from {}: {}", s.remoteId().shortText(), c.notes());
        if (!s.clockReceived) {
            s.clockReceived = true;
            linksChanged(); // its notes now say which feeds it replicates
        }
        List<FeedId> candidates = new ArrayList<>();
        for (Note n : c.notes()) {
            FeedId f = n.feed();
            if (n.seq() < 0) {
                linksChanged();
                s.remoteSeq.remove(f);
                stopStreaming(s, f);
                continue;
            }
            s.remoteSeq.put(f, n.seq());
            sources.noted(f);
            if (!n.receive() && wanted.contains(f) && sources.of(f) != s && store.latestSeq(f) > n.seq()) {
                // The peer is behind us on a feed it replicates: tell it we have more, so it can
                // choose us as its source.
                s.dirtyNotes.add(f);
                dirty.add(s);
            }
            if (n.receive()) {
                s.remoteReceives.add(f);
                s.cursor.put(f, n.seq());
                if (store.latestSeq(f) > n.seq()) {
                    s.pending.add(f);
                }
            } else {
                stopStreaming(s, f);
            }
            if (wanted.contains(f)) {
                candidates.add(f);
            }
        }
        schedulePump(s);
        sources.offered(s, candidates);
    }

    private static void stopStreaming(PeerSession s, FeedId f) {
        s.remoteReceives.remove(f);
        s.cursor.remove(f);
        s.pending.remove(f);
    }

    private void rangeRequest(PeerSession s, RangeRequest r) {
        long to = Math.min(r.toSeq(), r.fromSeq() + MAX_RANGE_REPLY - 1);
        List<Entry> entries = store.range(r.feed(), r.fromSeq(), to, MAX_RANGE_REPLY);
        if (!entries.isEmpty()) {
            s.link.send(new Entries(entries));
            s.entriesSent += entries.size();
            meter.sent(entries.size());
        }
    }

    // ---- sources: one peer per feed --------------------------------------------------------------

    private void flushNotes() {
        if (dirty.isEmpty()) {
            return;
        }
        for (PeerSession s : dirty) {
            if (!s.helloReceived || s.dirtyNotes.isEmpty() || !s.link.isOpen()) {
                continue;
            }
            List<Note> notes = new ArrayList<>(s.dirtyNotes.size());
            for (FeedId f : s.dirtyNotes) {
                long seq = wanted.contains(f) ? store.latestSeq(f) : -1;
                notes.add(new Note(f, seq, seq >= 0 && s.weReceive.contains(f)));
                if (seq >= 0) {
                    s.sentSeq.put(f, seq);
                } else {
                    s.sentSeq.remove(f);
                }
            }
            s.dirtyNotes.clear();
            LOG.debug("clock to {}: {}", s.remoteId().shortText(), notes);
            s.link.send(new Clock(notes));
        }
        dirty.clear();
    }

    /**
     * Every second: fail over feeds whose source stays silent while another peer has more. (The
     * peer view is not refreshed here: {@link #peers} refreshes it when asked, and links opening
     * and closing do; building it every second for every node was a visible cost of a simulated
     * swarm of thousands.)
     */
    private void checkSources() {
        sources.failOverStalled(now());
    }

    // ---- sending entries -------------------------------------------------------------------------

    private void schedulePump(PeerSession s) {
        if (!s.pumpScheduled && (!s.pending.isEmpty() || !s.requests.isEmpty())) {
            s.pumpScheduled = true;
            run(() -> pump(s));
        }
    }

    /**
     * Answers the peer's pending requests, then sends a few batches of pending entries, while the
     * link is writable; then yields the thread.
     */
    private void pump(PeerSession s) {
        s.pumpScheduled = false;
        if (!s.link.isOpen() || sessionOf(s.link) != s) {
            return;
        }
        int batches = 0;
        InboundBudget budget = budgets.get(s.link);
        while (!s.requests.isEmpty() && s.link.isWritable() && batches < PUMP_BATCHES_PER_TURN) {
            Message r = s.requests.poll();
            try {
                if (r instanceof RangeRequest range) {
                    rangeRequest(s, range);
                } else {
                    history.serve(s, (Message.ChunkRequest) r);
                }
            } finally {
                if (budget != null) {
                    budget.answered();
                }
            }
            batches++;
        }
        while (!s.pending.isEmpty() && s.link.isWritable() && batches < PUMP_BATCHES_PER_TURN) {
            FeedId f = s.pending.iterator().next();
            s.pending.remove(f);
            long from = s.cursor.getOrDefault(f, 0L) + 1;
            List<Entry> page = store.range(f, from, Long.MAX_VALUE, BATCH_ENTRIES);
            List<Entry> batch = new ArrayList<>(page.size());
            int bytes = 0;
            for (Entry e : page) {
                if (!batch.isEmpty() && bytes + e.encodedLength() > BATCH_BYTES) {
                    break;
                }
                batch.add(e);
                bytes += e.encodedLength();
            }
            if (batch.isEmpty()) {
                continue;
            }
            s.link.send(new Entries(batch));
            s.entriesSent += batch.size();
            meter.sent(batch.size());
            long last = batch.get(batch.size() - 1).seq();
            s.cursor.put(f, last);
            if (last < store.latestSeq(f)) {
                s.pending.add(f); // to the back: round-robin between feeds
            }
            batches++;
        }
        if ((!s.pending.isEmpty() || !s.requests.isEmpty()) && s.link.isWritable()) {
            schedulePump(s);
        }
    }

    // ---- receiving entries -----------------------------------------------------------------------

    private static Map<FeedId, Long> newestSeqs(List<Entry> entries) {
        Map<FeedId, Long> newest = new java.util.HashMap<>();
        for (Entry e : entries) {
            newest.merge(e.author(), e.seq(), Math::max);
        }
        return newest;
    }

    /**
     * A batch from {@code link} reached us, not yet verified: a feed's source that sent entries
     * past what we asked it for is delivering, now rather than once the batch is appended. Behind a
     * verification backlog the store can pass what a source advertised before the results are
     * reported here; the source then looked idle (or silent) and was replaced, and the new source
     * streamed again what was already queued (a loaded machine showed over 100 duplicates of 200).
     * Queued before the batch is submitted, so no append of it is seen first. Forged entries still
     * fail verification and cost the peer as usual.
     */
    private void arriving(PeerLink link, Map<FeedId, Long> newest) {
        PeerSession s = sessionOf(link);
        if (s == null) {
            return;
        }
        long now = now();
        newest.forEach((f, seq) -> {
            if (sources.of(f) == s && seq > s.sentSeq.getOrDefault(f, 0L)) {
                s.delivered.add(f);
                sources.progressed(f, now);
            }
        });
    }

    private void ingested(Ingest.Result r) {
        PeerSession from = sessionOf(r.from());
        for (InvalidEntryException e : r.invalid()) {
            refuse(r.from(), e.getMessage());
        }
        List<Entry> appended = new ArrayList<>();
        long duplicates = 0;
        for (AppendResult a : r.results()) {
            if (a.status() == AppendResult.Status.DUPLICATE) {
                duplicates++;
            }
            if (from != null) {
                // It holds what it sent: keep our view of its clock current even when it streams
                // to us (a streaming source sends entries, not notes).
                from.remoteSeq.merge(a.entry().author(), a.entry().seq(), Math::max);
                sources.noted(a.entry().author());
                from.delivered.add(a.entry().author());
            }
            switch (a.status()) {
                case APPENDED -> {}
                case DUPLICATE -> {}
                default -> meter.refused(a.status().name().toLowerCase(java.util.Locale.ROOT), 1);
            }
            switch (a.status()) {
                case APPENDED -> appended.add(a.entry());
                case FORK -> LOG.warn(
                        "feed {} is forked at seq {}: kept the first entry, stored the proof",
                        a.entry().author(),
                        a.entry().seq());
                case BAD_PREV -> askForForkEvidence(r.from(), a.entry());
                case DUPLICATE, GAP -> {}
            }
        }
        meter.stored(appended.size());
        meter.duplicates((int) duplicates);
        if (from != null) {
            from.entriesReceived += appended.size();
            from.duplicatesReceived += duplicates;
        }
        if (!appended.isEmpty()) {
            appended(appended, from);
        }
    }

    private void refuse(PeerLink link, String reason) {
        LOG.warn("refused entry from peer {}: {}", link.remoteId().shortText(), reason);
        if (scores.penalise(link.remoteId(), PeerScores.INVALID_ENTRY, now())) {
            LOG.warn(
                    "peer {} sent too many invalid entries: banned for {} min",
                    link.remoteId().shortText(),
                    PeerScores.BAN_MILLIS / 60_000);
            link.close("too many invalid entries");
        }
    }

    /**
     * An entry whose prev does not match our head: the author may have forked. Ask that peer for
     * its entry at seq-1; if it differs from ours, the store records the fork proof.
     */
    private void askForForkEvidence(PeerLink link, Entry e) {
        String key = e.author() + "/" + (e.seq() - 1);
        if (e.seq() > 1 && rangeRequested.add(key)) {
            link.send(new RangeRequest(e.author(), e.seq() - 1, e.seq() - 1));
        }
    }

    /** After entries were appended (locally or from {@code from}): listeners, live push, notes. */
    private void appended(List<Entry> entries, PeerSession from) {
        Set<FeedId> touched = new LinkedHashSet<>();
        boolean graphChanged = false;
        long now = now();
        for (Entry e : entries) {
            FeedId f = e.author();
            touched.add(f);
            sources.progressed(f, now);
            String kind = e.kind();
            if ((Kind.FOLLOW.equals(kind) || Kind.UNFOLLOW.equals(kind)) && wanted.followsMatter(f)) {
                graphChanged = true;
            } else if (Kind.ADDRESS.equals(kind) && !f.equals(self)) {
                learnAddress(e);
            } else if (Kind.REQUEST.equals(kind) && wanted.isLocal(f)) {
                hints.localRequestMade(); // tell peers at the next tick
            }
            for (Consumer<Entry> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("entry listener failed: {}", ex.toString());
                }
            }
        }
        for (PeerSession s : sessions.values()) {
            if (!s.helloReceived) {
                continue;
            }
            for (FeedId f : touched) {
                if (s.remoteReceives.contains(f)) {
                    s.pending.add(f);
                } else if (s.interestedIn(f) && s != from && sources.of(f) != s) {
                    s.dirtyNotes.add(f);
                    dirty.add(s);
                }
            }
            schedulePump(s);
        }
        if (graphChanged) {
            wantedChanged();
        }
    }

    private void learnAddress(Entry e) {
        try {
            JsonNode n = EntryValidator.checkContent(e);
            dialer.addAnnounced(n.get("address").asText(), e.author());
        } catch (InvalidEntryException ex) {
            // already validated; nothing to learn
        }
    }

    /**
     * A newly followed feed's announced address, from the newest {@code address} entry among its
     * last {@link #ADDRESS_SCAN} entries in the store (those learnt live arrive through {@link
     * #learnAddress}): after a restart, the Dialer needs the addresses of the authors it follows.
     */
    private void recallAddress(FeedId feed) {
        long before = Long.MAX_VALUE;
        for (int scanned = 0; scanned < ADDRESS_SCAN; ) {
            List<Entry> page = store.feedPage(feed, before, 200);
            for (Entry e : page) {
                if (Kind.ADDRESS.equals(e.kind())) {
                    learnAddress(e);
                    return;
                }
            }
            if (page.size() < 200) {
                return;
            }
            scanned += page.size();
            before = page.get(page.size() - 1).seq();
        }
    }

    private void linksChanged() {
        if (dialer != null) {
            dialer.linksChanged();
        }
    }

    private void wantedChanged() {
        wanted.setHinted(hints.carriedFeeds());
        Set<FeedId> before = new HashSet<>(wantedView);
        Set<FeedId> now = new HashSet<>(wanted.recompute());
        Set<FeedId> added = new HashSet<>(now);
        added.removeAll(before);
        Set<FeedId> removed = new HashSet<>(before);
        removed.removeAll(now);
        for (FeedId f : removed) {
            sources.forget(f);
        }
        for (PeerSession s : sessions.values()) {
            for (FeedId f : added) {
                s.dirtyNotes.add(f);
            }
            for (FeedId f : removed) {
                if (s.sentSeq.containsKey(f)) {
                    s.dirtyNotes.add(f);
                }
            }
            dirty.add(s);
        }
        wantedView = Set.copyOf(now);
        if (dialer != null) {
            // Feeds now followed directly (newly wanted, or closer than before): where is the author?
            Set<FeedId> direct = new HashSet<>();
            for (FeedId f : now) {
                if (wanted.followedDirectly(f)) {
                    direct.add(f);
                    if (!addressRecalled.contains(f)) {
                        recallAddress(f);
                    }
                }
            }
            addressRecalled = direct;
        }
        linksChanged();
        if (!added.isEmpty() || !removed.isEmpty()) {
            LOG.info("replicating {} feeds (+{} -{})", now.size(), added.size(), removed.size());
        }
        sources.select(added);
    }

    // ---- links closing, periodic work ------------------------------------------------------------

    private void closedLink(PeerLink link, String reason) {
        PeerSession s = sessionOf(link);
        if (s == null) {
            return;
        }
        sessions.remove(link.remoteId());
        LOG.info("peer {} unlinked: {}", link.remoteId().shortText(), reason);
        releaseSession(s);
        dialer.onClosed(link.remoteId(), now());
        dialer.linksChanged();
        updateViews();
    }

    /** Saves what the session remembers and gives its feeds to other sources. */
    private void releaseSession(PeerSession s) {
        try {
            store.savePeerClock(s.remoteId(), "sent", s.sentSeq);
            store.savePeerClock(s.remoteId(), "received", s.remoteSeq);
        } catch (RuntimeException e) {
            LOG.warn("could not save clocks of peer {}: {}", s.remoteId().shortText(), e.toString());
        }
        dirty.remove(s);
        history.closed(s);
        sources.release(s);
    }

    private void tick() {
        checkStoreHealth();
        if (dialer != null) {
            dialer.tick(now(), sessions.keySet(), self, coverage);
        }
        history.tick();
        if (hints.tick(now())) {
            wantedChanged();
        }
    }

    /**
     * When the store takes writes again after refusing them (docs/storage.md, "A full disk"), it
     * may hold less than peers were told: entries sent meanwhile were dropped, and a reopened file
     * lacks the deferred appends it had not written yet. Every peer is told our clock again for
     * every wanted feed, so that sources stream from what the store really holds.
     */
    private void checkStoreHealth() {
        org.scurry.swarm.Health h = store.health();
        if (storeHealth == null) {
            storeHealth = h;
            return;
        }
        if (h.equals(storeHealth)) {
            return;
        }
        storeHealth = h;
        if (!h.ready()) {
            return;
        }
        LOG.info("the store takes writes again: telling {} peers what it holds", sessions.size());
        for (PeerSession s : sessions.values()) {
            if (s.helloReceived) {
                s.dirtyNotes.addAll(wanted.all());
                dirty.add(s);
            }
        }
    }

    private void updateViews() {
        List<PeerInfo> view = new ArrayList<>();
        for (PeerSession s : sessions.values()) {
            view.add(s.info());
        }
        peerView = List.copyOf(view);
    }

    @Override
    public void close() {
        actor.shutdown(() -> {
            for (PeerSession s : new ArrayList<>(sessions.values())) {
                releaseSession(s);
            }
        });
        closed = true;
        ingest.close();
        history.close();
    }
}
