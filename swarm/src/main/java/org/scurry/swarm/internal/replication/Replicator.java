package org.scurry.swarm.internal.replication;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.history.CustodyReceipt;
import org.scurry.swarm.history.CustodyStatus;
import org.scurry.swarm.history.HistoryServer;
import org.scurry.swarm.internal.history.HistoryProtocol;
import org.scurry.swarm.protect.RequestHintStatus;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.ReplicationRuntime;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.Transport;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.Entries;
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
 * <p>This class is the face the node uses and wires the parts, each with one job (docs/architecture.md,
 * "The replication engine"): {@link ReplicationActor} (the one thread all state lives on),
 * {@link PeerSession} (one link's state and what changes it) and {@link PeerSessions} (the open
 * ones), {@link SessionLife} (links opening and closing), {@link InboundGate} (a link's messages
 * within its budget), {@link PeerMessages} (each message to its handler), {@link ClockExchange}
 * (notes in and out), {@link Sources} (one source per feed), {@link IncomingEntries} (entries in,
 * through {@link Ingest}, or {@link InlineIngest} in the simulator), {@link AppendFanout} (what
 * an append sets off), {@link EntryPump} (entries and answers out) and {@link AddressBook} (where
 * peers are, for the {@link Dialer}).
 *
 * <p>Why it is long: it is the node's one door into replication, some twenty public methods (peers,
 * history, hints, listeners) that each hand over to a part, most on the replication thread, plus
 * the wiring of the parts; the work itself is in the parts.
 */
public final class Replicator implements PeerLink.Handler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

    private final NodeConfig config;
    private final FeedId self;
    private final WantedFeeds wanted;
    private final ReplicationActor actor;
    private final PeerSessions sessions = new PeerSessions();
    private final InboundGate gate;
    private final AddressBook addresses;
    private final Sources sources;
    private final Coverage coverage;
    private final HistoryProtocol history;
    private final RequestHints hints;
    private final EntryPump pump;
    private final ClockExchange clocks;
    private final SessionLife life;
    private final AppendFanout fanout;
    private final IncomingEntries incoming;
    private final PeerMessages messages;
    private volatile Set<FeedId> wantedView = Set.of();
    private volatile CustodyStatus lastCustody;
    private volatile org.scurry.swarm.CatchUp lastCatchUp = LagCount.EMPTY;
    private final Store store;
    private final NodeMeter meter;

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
    public Replicator(NodeConfig config, FeedId self, Store store, ReplicationRuntime runtime, Ed25519Signer identity) {
        this(config, self, store, runtime, identity, NodeMeter.NONE);
    }

    /** As above, telling {@code meter} what is received, refused, stored and sent. */
    public Replicator(
            NodeConfig config,
            FeedId self,
            Store store,
            ReplicationRuntime runtime,
            Ed25519Signer identity,
            NodeMeter meter) {
        if (config.history().server() && identity == null) {
            throw new IllegalArgumentException("the history role needs the node's identity to sign with");
        }
        this.config = config;
        this.self = self;
        this.store = store;
        this.meter = meter;
        this.wanted = new WantedFeeds(store, config.hops());
        this.actor = new ReplicationActor(runtime.scheduler());
        PeerScores scores = new PeerScores();
        this.gate = new InboundGate(config.limits(), actor, scores);
        this.addresses = new AddressBook(config, store, wanted);
        this.sources = new Sources(
                wanted, store, sessions.all(), config.sourceTimeout().toMillis(), this::notesDue, actor::now);
        this.coverage = new Coverage(self, wanted, sessions.all());
        wanted.addLocal(self);
        this.history = new HistoryProtocol(
                config.history(), self, identity, store, wanted, runtime.validator(), new HistoryHost());
        sources.fetchInRangesWhen(history::inRanges);
        this.hints = new RequestHints(store, wanted, sessions.all());
        this.pump = new EntryPump(store, actor, sessions, gate, history, meter);
        this.clocks = new ClockExchange(wanted, store, sessions, sources, addresses, pump);
        actor.afterEachStep(clocks::flush);
        this.life = new SessionLife(config, self, store, actor, sessions, scores, sources, clocks, addresses, history);
        this.fanout = new AppendFanout(
                self, wanted, actor, sessions, sources, clocks, pump, addresses, hints, this::wantedChanged);
        this.incoming =
                new IncomingEntries(store, runtime, actor, sessions, sources, scores, fanout, () -> wantedView, meter);
        this.messages = new PeerMessages(
                config, actor, sessions, sources, clocks, pump, addresses, hints, history, this::wantedChanged);
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
    public RequestHintStatus requestHints() {
        return actor.ask(hints::status);
    }

    /** What the history protocol and the range fetcher may do here (on the replication thread). */
    private final class HistoryHost implements HistoryProtocol.Host {
        @Override
        public NodeMeter meter() {
            return meter;
        }

        @Override
        public Collection<PeerSession> sessions() {
            return sessions.all();
        }

        @Override
        public void appended(List<Entry> entries, PeerSession from) {
            fanout.appended(entries, from);
        }

        @Override
        public void resume(FeedId feed) {
            sources.select(List.of(feed));
        }

        @Override
        public long now() {
            return actor.now();
        }

        @Override
        public void wantedChanged() {
            Replicator.this.wantedChanged();
        }

        @Override
        public void discovered(String address, boolean keep) {
            addresses.discovered(address, keep);
        }

        @Override
        public Executor actor() {
            return actor;
        }
    }

    /** Starts dialling configured peers and the periodic checks. */
    public void start(Transport transport, InetSocketAddress listening) {
        addresses.start(transport, listening, actor, actor::now);
        run(() -> {
            wantedChanged();
            addresses.bootstrap(config.bootstrapPeers());
            tick();
        });
        actor.every(250, this::tick);
        actor.every(1000, this::checkSources);
    }

    // ---- public face (any thread) ----------------------------------------------------------------

    /** An entry was appended locally (a post by a local author): push it to peers. */
    public void onLocalAppend(Entry entry) {
        run(() -> fanout.appended(List.of(entry), null));
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
        return actor.askBriefly(
                () -> {
                    sessions.updateView();
                    return sessions.view();
                },
                sessions::view);
    }

    public Set<FeedId> wanted() {
        return wantedView;
    }

    /**
     * How many addresses the dialer holds (configured, connected by hand, learnt from peers, feeds
     * or the LAN); 0 means it has nobody to dial. Asked of the replication thread (at most 2 s, else
     * -1).
     */
    public int dialTargets() {
        return actor.askBriefly(addresses::dialTargets, () -> -1);
    }

    /** Dials a peer now and keeps it linked; completes with its info or the reason it failed. */
    public CompletableFuture<PeerInfo> connect(String hostPort) {
        CompletableFuture<PeerInfo> result = new CompletableFuture<>();
        run(() -> addresses.dialNow(hostPort, now()).whenComplete((link, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(
                        new PeerInfo(link.remoteId(), link.remoteAddress(), true, now(), 0, 0, 0, 1, 0, link.relay()));
            }
        }));
        return result;
    }

    // ---- history (docs/history.md) ---------------------------------------------------------------

    /** A history server's own announcement entry: its heartbeats carry it from now on. */
    public void announceHistory(Entry announcement) {
        actor.ask(() -> {
            history.announce(announcement);
            return null;
        });
    }

    /**
     * Prunes a feed's entries below {@code belowSeq}; refuses (IllegalStateException) an own feed
     * or entries no history server has receipted. Returns how many were deleted. Blocks.
     */
    public long pruneBelow(FeedId feed, long belowSeq) {
        return actor.ask(() -> history.pruneBelow(feed, belowSeq));
    }

    /**
     * A page of the feed's past, newest first, completed from history servers when not held here.
     * Blocks while peers are asked; throws NoSuchElementException when none can supply it.
     */
    public List<Entry> readHistory(FeedId feed, long beforeSeq, int limit) {
        return history.reader().page(feed, beforeSeq, limit);
    }

    /** History servers whose heartbeat arrived within the liveness time. */
    public List<HistoryServer> liveHistoryServers() {
        return history.directory().live(now());
    }

    /** The custody receipts checked here for a feed, one per server. */
    public List<CustodyReceipt> receipts(FeedId feed) {
        return history.ledger().receipts(feed);
    }

    /** Feeds this node archives in the history role. */
    public Set<FeedId> archived() {
        return actor.ask(history::archived);
    }

    /**
     * How many live history servers hold {@code feed} whole as far as custody receipts tell
     * (docs/history.md, "Copies"). Asks the replication thread.
     */
    public int copies(FeedId feed) {
        return actor.ask(() -> history.copies(feed));
    }

    /**
     * The copies figure of the feeds this history server archives; null for a client. Asks the
     * replication thread for at most 2 s (status must answer on a busy node), else the last figure.
     */
    public CustodyStatus custody() {
        return actor.askBriefly(
                () -> {
                    lastCustody = history.custody();
                    return lastCustody;
                },
                () -> lastCustody);
    }

    /**
     * How far behind its linked peers the node is, per feed group ({@link org.scurry.swarm.CatchUp}).
     * Asks the replication thread for at most 2 s (a scrape must answer on a busy node), else the
     * last figure.
     */
    public org.scurry.swarm.CatchUp catchUp() {
        return actor.askBriefly(
                () -> {
                    lastCatchUp = LagCount.of(wanted, history.archived(), sessions.all(), store::latestSeq);
                    return lastCatchUp;
                },
                () -> lastCatchUp);
    }

    /** Peers excluded from serving ranges of {@code feed} for sending bad chunks. */
    public Set<FeedId> excludedSources(FeedId feed) {
        return actor.ask(() -> history.fetcher().excluded(feed));
    }

    /** Registers a listener for appended entries; close the handle to remove it. */
    public AutoCloseable addListener(Consumer<Entry> listener) {
        return fanout.addListener(listener);
    }

    // ---- transport events (network threads) ------------------------------------------------------

    @Override
    public void onOpen(PeerLink link) {
        gate.opened(link);
        run(() -> life.opened(link));
    }

    /** The addresses peers saw this node's links come from (their Hello), newest last. Any thread. */
    public List<String> observedAddresses() {
        return addresses.observedAddresses();
    }

    /** Messages of types this node's protocol version does not know, from every peer so far. */
    public long unknownMessages() {
        return messages.unknownMessages();
    }

    /** Peers dropped for sending more requests than their budget without reading the answers. */
    public long requestFloods() {
        return gate.requestFloods();
    }

    @Override
    public void onMessage(PeerLink link, Message message) {
        if (message instanceof Message.Chunk c) {
            history.answered(link, c); // to whoever asked, which verifies it off this thread
        } else if (message instanceof Entries e) {
            incoming.received(link, e.entries());
        } else {
            gate.pass(link, message, messages::handle);
        }
    }

    @Override
    public void onInvalidEntry(PeerLink link, InvalidEntryException reason) {
        run(() -> incoming.refuse(link, reason.getMessage()));
    }

    @Override
    public void onWritable(PeerLink link) {
        run(() -> {
            PeerSession s = sessions.of(link);
            if (s != null) {
                pump.schedule(s);
            }
        });
    }

    @Override
    public void onClose(PeerLink link, String reason) {
        gate.closed(link);
        run(() -> life.closed(link, reason));
    }

    // ---- replication thread ----------------------------------------------------------------------

    /** Sources changed a session's notes (the clock exchange, made after Sources, sends them). */
    private void notesDue(PeerSession s) {
        clocks.due(s);
    }

    private void run(Runnable task) {
        actor.run(task);
    }

    private long now() {
        return actor.now();
    }

    /**
     * What we replicate may have changed (a follow, a local feed, hints, the history role): the
     * clocks of every peer learn the added and removed feeds, the authors newly followed directly
     * are looked up for an address, and the added feeds get sources.
     */
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
        clocks.wantedChanged(added, removed);
        wantedView = Set.copyOf(now);
        addresses.followed(now);
        addresses.linksChanged();
        if (!added.isEmpty() || !removed.isEmpty()) {
            LOG.info("replicating {} feeds (+{} -{})", now.size(), added.size(), removed.size());
        }
        sources.select(added);
    }

    /** Every 250 ms: the store's health, dialling, the history protocol's and the hints' timers. */
    private void tick() {
        clocks.checkStoreHealth();
        addresses.tick(now(), sessions.peers(), self, coverage);
        history.tick();
        if (hints.tick(now())) {
            wantedChanged();
        }
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

    @Override
    public void close() {
        actor.shutdown(life::closeAll);
        incoming.close();
        history.close();
    }
}
