package org.scurry.swarm.internal.node;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.scurry.swarm.CatchUp;
import org.scurry.swarm.Conversation;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedCounts;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.ForkProof;
import org.scurry.swarm.Health;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.NodeStatus;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.Profile;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.ReplyRef;
import org.scurry.swarm.internal.author.GroupCommit;
import org.scurry.swarm.internal.author.LocalAuthor;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.swarm.internal.lan.LanDiscovery;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.swarm.internal.protect.ProtectedFeeds;
import org.scurry.swarm.internal.protect.ProtectedRouting;
import org.scurry.swarm.internal.replication.Replicator;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.swarm.internal.store.IdentityFile;
import org.scurry.swarm.internal.store.PgStore;
import org.scurry.swarm.protect.Protection;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.ReplicationRuntime;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.StoreStats;
import org.scurry.swarm.spi.Transport;
import org.scurry.swarm.spi.TransportFactory;
import org.scurry.swarm.spi.TransportStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Node} of the swarm module: it puts the parts together (the local authors and their
 * {@link GroupCommit}, {@link ProtectedFeeds}, the {@link Replicator} and the transport) and answers
 * the node's questions from the store. The contract is on {@link Node}; {@link Node.Builder} makes
 * one through {@link #start}.
 *
 * <p>Local entries (of the node's own identity and of hosted ones) are written by group commit
 * ({@link GroupCommit}): entries from concurrent callers share one store transaction and one disk
 * write, and each caller still returns only once its own entry is durable.
 *
 * <p>Why it is long: it implements the forty methods of Node, most of them a few lines that hand
 * over to a local author, the store, protection or replication; the checks they share (a post's
 * text, a name typed by a person, the history role's announcement) sit beside them.
 */
public final class SwarmNode implements Node {
    /** Logs as {@code org.scurry.swarm.Node}, the name operators know. */
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final NodeConfig config;
    private final LocalAuthor self;
    private final Store store;
    private final ThreadAssembly threads;
    private final Replicator replicator;
    private final Transport transport;
    private final InetSocketAddress swarmAddress;
    private final ConcurrentHashMap<FeedId, LocalAuthor> hosted = new ConcurrentHashMap<>();
    private final GroupCommit commits;
    private final ProtectedFeeds protection;
    private final ProtectedRouting routing;
    /** LAN discovery, or null when it is off or its port could not be bound. */
    private final LanDiscovery lan;

    private SwarmNode(
            NodeConfig config,
            Ed25519Signer identity,
            Store store,
            TransportFactory transports,
            ReplicationRuntime runtime,
            NodeMeter meter) {
        this.config = config;
        this.store = store;
        this.threads = new ThreadAssembly(store, this::fetchOne);
        this.self = new LocalAuthor(identity, store, Clock.systemUTC());
        this.replicator = new Replicator(config, FeedId.of(identity.publicKey()), store, runtime, identity, meter);
        this.commits =
                new GroupCommit(store, replicator::onLocalAppend, self.feed().shortText(), meter);
        this.protection = new ProtectedFeeds(store, new ProtectedFeeds.Authors() {
            @Override
            public Optional<Ed25519Signer> signer(FeedId feed) {
                LocalAuthor a = self.feed().equals(feed) ? self : hosted.get(feed);
                return a == null ? Optional.empty() : Optional.of(a.signer());
            }

            @Override
            public Entry publish(FeedId author, String kind, LongFunction<byte[]> contentForSeq) {
                return SwarmNode.this.publish(author(author), kind, contentForSeq);
            }
        });
        this.routing = new ProtectedRouting(
                protection,
                this::localFeeds,
                f -> self.feed().equals(f) || hosted.containsKey(f),
                replicator::requestAsksChanged);
        replicator.setRequestRouting(routing);
        this.transport = transports.create(identity, config, replicator);
        this.swarmAddress = transport.listen(config.listenHost(), config.swarmPort());
        replicator.start(transport, swarmAddress);
        LOG.info(
                "node {} listening for peers on {}, Ed25519 by {}",
                id(),
                swarmAddress,
                Crypto.current().describe());
        publishAddressIfChanged(config.advertiseAddress());
        if (config.history().server()) {
            announceHistoryServer();
        }
        this.lan = startLan();
    }

    /**
     * Starts LAN discovery when the config says so; a neighbour it hears is dialled like an
     * explicit connect. A port that cannot be bound leaves the node without it (logged), not down.
     */
    private LanDiscovery startLan() {
        if (!config.lan().enabled()) {
            return null;
        }
        try {
            return LanDiscovery.start(
                    config.lan(), config.networkKey(), id(), swarmAddress.getPort(), address -> connect(address)
                            .exceptionally(e -> {
                                LOG.info("cannot reach LAN neighbour at {}: {}", address, e.getMessage());
                                return null;
                            }));
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn(
                    "LAN discovery off: cannot use UDP port {}: {}",
                    config.lan().port(),
                    e.toString());
            return null;
        }
    }

    /**
     * In the history role: publishes a {@code history} entry (address, capacity) unless the latest
     * one says the same, and starts the heartbeats that carry it (docs/history.md).
     */
    private void announceHistoryServer() {
        String address = config.advertiseAddress().isBlank() ? swarmAddressText() : config.advertiseAddress();
        if (address.startsWith("0.0.0.0:")) {
            address = "127.0.0.1:" + swarmAddress.getPort();
        }
        long capacity = config.history().capacity();
        Entry latest = latestOwn(Kind.HISTORY);
        boolean same = latest != null
                && EntryValidator.checkContent(latest).path("address").asText().equals(address)
                && EntryValidator.checkContent(latest).path("capacity").asLong() == capacity;
        Entry announcement = same ? latest : publish(self, Kind.HISTORY, Contents.history(address, capacity));
        replicator.announceHistory(announcement);
        LOG.info("history server at {} offering {} bytes", address, capacity);
    }
    /**
     * Publishes an {@code address} entry when the configured advertise address differs from the
     * last one this feed published, so followers can dial this node (DESIGN.md §5).
     */
    private void publishAddressIfChanged(String address) {
        if (address == null || address.isBlank() || address.equals(lastPublishedAddress())) {
            return;
        }
        publish(self, Kind.ADDRESS, Contents.address(address));
        LOG.info("published address {}", address);
    }

    /** The address of the newest {@code address} entry among our last 10,000 entries, or null. */
    private String lastPublishedAddress() {
        Entry e = latestOwn(Kind.ADDRESS);
        return e == null ? null : EntryValidator.checkContent(e).path("address").asText();
    }

    /** The newest entry of {@code kind} among our last 10,000 entries, or null. */
    private Entry latestOwn(String kind) {
        long before = Long.MAX_VALUE;
        for (int scanned = 0; scanned < 10_000; ) {
            List<Entry> page = store.feedPage(self.feed(), before, 500);
            for (Entry e : page) {
                if (kind.equals(e.kind())) {
                    return e;
                }
            }
            if (page.isEmpty()) {
                return null;
            }
            scanned += page.size();
            before = page.get(page.size() - 1).seq();
        }
        return null;
    }

    /**
     * Starts a node on the given parts; a null part is made from {@code config} as {@link
     * Node.Builder} says (the identity key in {@code config.dataDir()}, the store {@code config.store()} names, TCP, a
     * replication thread of its own). A store the node opened is closed again when starting fails.
     */
    public static Node start(
            NodeConfig config,
            Ed25519Signer identity,
            Store store,
            TransportFactory transports,
            ReplicationRuntime runtime,
            NodeMeter meter) {
        Crypto.select(config.crypto()); // logs the library; throws if scurry.crypto=sodium cannot load
        Ed25519Signer id = identity != null
                ? identity
                : IdentityFile.loadOrCreate(config.dataDir().resolve("identity.key")); // after select
        Store s = store != null ? store : openStore(config);
        TransportFactory t = transports != null ? transports : NettyTransport::new;
        ReplicationRuntime r = runtime != null
                ? runtime
                : ReplicationRuntime.threaded(
                        "scurry-replication-" + FeedId.of(id.publicKey()).shortText());
        try {
            return new SwarmNode(config, id, s, t, r, meter);
        } catch (RuntimeException e) {
            if (store == null) {
                s.close();
            }
            throw e;
        }
    }

    /** The store {@code config.store()} names: PostgreSQL, or the H2 file in the data directory. */
    private static Store openStore(NodeConfig config) {
        return config.store().isPostgres()
                ? PgStore.open(config.store())
                : H2Store.open(config.dataDir().resolve("store"));
    }

    public FeedId id() {
        return self.feed();
    }

    public NodeConfig config() {
        return config;
    }

    /** Where the peer protocol listens (the bound port when the config said 0). */
    public InetSocketAddress swarmAddress() {
        return swarmAddress;
    }

    public Store store() {
        return store;
    }

    // ---- writing -------------------------------------------------------------------------------

    /** Posts as the node's own identity. */
    public Entry post(String text, EntryId replyTo) {
        return post(self, text, replyTo);
    }

    /** Posts as a hosted identity (see {@link #host}). */
    public Entry post(FeedId author, String text, EntryId replyTo) {
        return post(author(author), text, replyTo);
    }

    /**
     * Posts as a local identity without waiting for the disk. The text is checked and the entry
     * signed before this returns (bad input throws IllegalArgumentException here); the entries of
     * one author are chained in call order. The future completes, on the node's writer thread, once
     * the entry is durable, or exceptionally when the store did not keep it. Callers that handle
     * posts one after another (an MQTT inbox) use this to let the next post share the disk write.
     */
    public CompletableFuture<Entry> postAsync(FeedId author, String text, EntryId replyTo) {
        checkPostText(text);
        if (protection.isProtected(author)) {
            // sealed under the protection's lock, one at a time (see docs/protected.md, limits)
            return CompletableFuture.completedFuture(post(author(author), text, replyTo));
        }
        return commits.later(sign(author(author), Kind.POST, Contents.postReply(text, replyRef(replyTo), List.of())));
    }

    private Entry post(LocalAuthor author, String text, EntryId replyTo) {
        checkPostText(text);
        byte[] content = Contents.postReply(text, replyRef(replyTo), List.of());
        if (protection.isProtected(author.feed())) {
            return protection.publish(author.feed(), Kind.POST, content);
        }
        // Not through Protection: its lock would be held while the entry becomes durable, one post
        // at a time for every author, and concurrent posts could not share a disk write.
        return publish(author, Kind.POST, content);
    }

    /**
     * What a reply names of its parent: author and seq too when the parent is held, so that nodes
     * without it can fetch it (docs/entry-format.md, "Replies"). A parent that is not a reply
     * itself is found by a scan of the ids held (Store#get): paid once per reply written.
     */
    private ReplyRef replyRef(EntryId replyTo) {
        if (replyTo == null) {
            return null;
        }
        return store.get(replyTo).map(ReplyRef::to).orElse(ReplyRef.to(replyTo));
    }

    private void checkPostText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("post text must not be empty");
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > config.maxPostChars()) {
            throw new IllegalArgumentException(
                    "post text must be at most " + config.maxPostChars() + " characters: " + chars);
        }
    }

    public Entry follow(FeedId feed) {
        return follow(self.feed(), feed);
    }

    public Entry follow(FeedId follower, FeedId feed) {
        if (follower.equals(feed)) {
            throw new IllegalArgumentException("a feed cannot follow itself: " + feed);
        }
        Entry entry = publish(author(follower), Kind.FOLLOW, Contents.follow(feed));
        if (protection.isProtected(feed) && !protection.isFollowerNow(follower, feed)) {
            protection.request(follower, feed, null); // following a protected feed asks its owner
        }
        return entry;
    }

    public Entry unfollow(FeedId feed) {
        return unfollow(self.feed(), feed);
    }

    public Entry unfollow(FeedId follower, FeedId feed) {
        if (!store.follows(follower).contains(feed)) {
            throw new IllegalArgumentException("not following " + feed);
        }
        return publish(author(follower), Kind.UNFOLLOW, Contents.unfollow(feed));
    }

    /** Publishes a {@code profile} entry (display name and bio; either may be null). */
    public Entry setProfile(FeedId author, String name, String bio) {
        return publish(author(author), Kind.PROFILE, Contents.profile(name, bio));
    }

    /** Publishes the author's profile: its latest profile with {@code update}'s fields set. */
    public Entry setProfile(FeedId author, Profile update) {
        LocalAuthor a = author(author);
        Profile merged = profile(author).with(update).check();
        return publish(a, Kind.PROFILE, Contents.profile(merged));
    }

    /** The feed's profile from its latest profile entry held ({@link Profile#EMPTY} when none). */
    public Profile profile(FeedId feed) {
        Profile p =
                store.latestProfile(feed).map(e -> Profile.parse(e.content())).orElse(Profile.EMPTY);
        if (p.name() == null) {
            // an earlier profile entry may have set the name a later one left out
            p = new Profile(store.displayName(feed).orElse(null), p.bio(), p.link());
        }
        return p;
    }

    public Set<FeedId> feedsNamed(String name) {
        return store.feedsNamed(name);
    }

    public FeedCounts counts(FeedId feed) {
        long low = store.oldestSeq(feed);
        long entries = low == 0 ? 0 : store.latestSeq(feed) - low + 1;
        return new FeedCounts(
                entries, store.postsStored(feed), store.follows(feed).size(), store.followersKnown(feed));
    }

    public Optional<Entry> entry(EntryId id) {
        return store.get(id);
    }

    public Conversation thread(EntryId id) {
        return threads.assemble(id);
    }

    /** Entry {@code seq} of {@code feed} from peers (verified, not stored), or empty. Blocks. */
    private Optional<Entry> fetchOne(FeedId feed, long seq) {
        try {
            return replicator.readHistory(feed, seq + 1, 1).stream()
                    .filter(e -> e.seq() == seq)
                    .findFirst();
        } catch (RuntimeException e) {
            LOG.info("feed {} seq {}: not found at any peer ({})", feed.shortText(), seq, e.getMessage());
            return Optional.empty();
        }
    }

    /** Publishes an entry of any kind for a local author; content is a UTF-8 JSON object. */
    public Entry publish(FeedId author, String kind, byte[] contentJson) {
        Entry entry = publish(author(author), kind, contentJson);
        if (Kind.PROTECT.equals(kind)) {
            protection.forgetState(author); // not made by Protection: let it read the feed again
        }
        return entry;
    }

    /** Signs, queues and waits until the entry is durable (replication is told before this returns). */
    private Entry publish(LocalAuthor author, String kind, byte[] content) {
        return publish(author, kind, seq -> content);
    }

    private Entry publish(LocalAuthor author, String kind, LongFunction<byte[]> contentForSeq) {
        return commits.await(sign(author, kind, contentForSeq));
    }

    private GroupCommit.Pending sign(LocalAuthor author, String kind, byte[] content) {
        return sign(author, kind, seq -> content);
    }

    private GroupCommit.Pending sign(LocalAuthor author, String kind, LongFunction<byte[]> contentForSeq) {
        commits.awaitRoom();
        try {
            return author.sign(kind, contentForSeq, commits);
        } catch (org.scurry.swarm.entry.InvalidEntryException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Adds an identity whose key this node holds (a gateway account): its feed is published from
     * here and its follows are replicated as the node's own.
     */
    public void host(Ed25519Signer identity) {
        LocalAuthor author = new LocalAuthor(identity, store, Clock.systemUTC());
        hosted.put(author.feed(), author);
        replicator.addLocalFeed(author.feed());
    }

    /** Local identities: the node's own first, then hosted ones. */
    public List<FeedId> localFeeds() {
        List<FeedId> all = new ArrayList<>();
        all.add(self.feed());
        all.addAll(hosted.keySet());
        return all;
    }

    private LocalAuthor author(FeedId feed) {
        if (self.feed().equals(feed)) {
            return self;
        }
        LocalAuthor a = hosted.get(feed);
        if (a == null) {
            throw new IllegalArgumentException("this node holds no key for " + feed);
        }
        return a;
    }

    /**
     * Protected feeds (docs/protected.md): protect on/off, requests, approve, deny, revoke, and
     * opening protected entries for a local reader.
     */
    public Protection protection() {
        return protection;
    }

    /**
     * The feeds this node fetches because a request hint pointed at them, and the hints it refused
     * (docs/protected.md, "How a request reaches its owner"). Asks the replication thread.
     */
    public org.scurry.swarm.protect.RequestHintStatus requestHints() {
        return replicator.requestHints();
    }

    /**
     * An entry as the local identity {@code reader} may see it: a protected entry opened when the
     * reader holds its key, else unchanged (still sealed). Never throws for one that does not open.
     */
    public Entry read(FeedId reader, Entry entry) {
        return protection.read(reader, entry);
    }

    // ---- reading -------------------------------------------------------------------------------

    public Set<FeedId> following() {
        return store.follows(self.feed());
    }

    public Set<FeedId> following(FeedId who) {
        return store.follows(who);
    }

    /** True when the node holds at least one entry of the feed. */
    public boolean holds(FeedId feed) {
        return store.latestSeq(feed) > 0;
    }

    /**
     * A feed's entries with seq below {@code beforeSeq}, newest first. What is not held here (a
     * pruned past, a feed never replicated) is fetched from history servers and verified
     * (docs/history.md); this then blocks while peers are asked. Throws NoSuchElementException
     * when the feed is not held and no peer has it.
     */
    public List<Entry> feed(FeedId feed, long beforeSeq, int limit) {
        int n = clampLimit(limit);
        long head = store.latestSeq(feed);
        long low = store.oldestSeq(feed);
        long top = Math.min(beforeSeq - 1, head);
        if (head > 0 && (low <= 1 || top < 1 || top - n + 1 >= low)) {
            return store.feedPage(feed, beforeSeq, n);
        }
        try {
            return replicator.readHistory(feed, beforeSeq, n);
        } catch (NoSuchElementException e) {
            if (head == 0) {
                throw e;
            }
            LOG.info(
                    "feed {}: older entries not available ({}); serving what is held",
                    feed.shortText(),
                    e.getMessage());
            return store.feedPage(feed, beforeSeq, n);
        }
    }

    // ---- history servers and pruning (docs/history.md) -------------------------------------------

    /**
     * Deletes a feed's entries below {@code belowSeq} (the newest always stays). Refuses with
     * IllegalStateException an own or hosted feed, or entries no history server has receipted.
     */
    public long prune(FeedId feed, long belowSeq) {
        return replicator.pruneBelow(feed, belowSeq);
    }

    /** History servers heard from within the liveness time. */
    public List<org.scurry.swarm.history.HistoryServer> historyServers() {
        return replicator.liveHistoryServers();
    }

    /** Custody receipts checked here for a feed, one per history server. */
    public List<org.scurry.swarm.history.CustodyReceipt> receipts(FeedId feed) {
        return replicator.receipts(feed);
    }

    /** Feeds this node archives in full (history role; empty for a client). */
    public Set<FeedId> archived() {
        return replicator.archived();
    }

    /**
     * How many live history servers hold {@code feed} whole, as their custody receipts tell (a
     * history server counts itself by its store). See docs/history.md, "Copies".
     */
    public int copies(FeedId feed) {
        return replicator.copies(feed);
    }

    /** Peers this node stopped asking for ranges of {@code feed} because they sent bad chunks. */
    public Set<FeedId> excludedSources(FeedId feed) {
        return replicator.excludedSources(feed);
    }

    /** The node identity's timeline: its own entries and those of the feeds it follows, newest first. */
    public TimelinePage timeline(TimelineCursor before, int limit) {
        return timeline(self.feed(), before, limit);
    }

    /** A local identity's timeline. */
    public TimelinePage timeline(FeedId who, TimelineCursor before, int limit) {
        Set<FeedId> feeds = new java.util.HashSet<>(store.follows(who));
        feeds.add(who);
        return store.timeline(feeds, before, clampLimit(limit));
    }

    public Optional<ForkProof> fork(FeedId feed) {
        return store.fork(feed);
    }

    public Optional<String> displayName(FeedId feed) {
        return store.displayName(feed);
    }

    /**
     * Resolves what a person typed: a feed id, or the display name of a feed that {@code who}
     * follows (or any held feed, if none it follows has that name). Throws IllegalArgumentException
     * when nothing or more than one feed matches.
     */
    public FeedId resolve(FeedId who, String idOrName) {
        String text = idOrName == null ? "" : idOrName.trim();
        if (FeedId.looksLikeFeedId(text)) {
            return FeedId.parse(text);
        }
        Set<FeedId> named = store.feedsNamed(text);
        Set<FeedId> followedNamed = new java.util.HashSet<>(named);
        followedNamed.retainAll(store.follows(who));
        Set<FeedId> pick = followedNamed.isEmpty() ? named : followedNamed;
        if (pick.size() == 1) {
            return pick.iterator().next();
        }
        if (pick.isEmpty()) {
            throw new IllegalArgumentException("no feed id or known name: " + text);
        }
        throw new IllegalArgumentException("several feeds are named " + text + "; use the feed id");
    }

    private static int clampLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be ≥ 1: " + limit);
        }
        return Math.min(limit, 1000);
    }

    // ---- peers ---------------------------------------------------------------------------------

    public List<PeerInfo> peers() {
        return replicator.peers();
    }

    /** Dials a peer (and keeps re-dialling it with backoff if the link drops). */
    public CompletableFuture<PeerInfo> connect(String hostPort) {
        return replicator.connect(hostPort);
    }

    /** Feeds replicated here: local ones, followed ones, and those within the hop limit. */
    public Set<FeedId> wantedFeeds() {
        return replicator.wanted();
    }

    /**
     * Whether the node takes writes now, and if not why (the disk is full): a volatile read, cheap
     * enough for every status request and a readiness check. While not ready the node serves reads,
     * refuses writes with {@link StoreUnavailableException}, and recovers by itself once it can
     * write again (docs/storage.md, "A full disk").
     */
    public Health health() {
        return store.health();
    }

    @Override
    public org.scurry.swarm.history.CustodyStatus custody() {
        return config.history().server() ? replicator.custody() : null;
    }

    @Override
    public boolean listening() {
        return transport.listening();
    }

    @Override
    public CatchUp catchUp() {
        return replicator.catchUp();
    }

    /** Counts and state for {@code GET /api/status}; answers while the store refuses writes too. */
    public NodeStatus status() {
        Health health = store.health();
        StoreStats stats = store.stats();
        List<FeedId> forked = new ArrayList<>();
        try {
            for (FeedId f : store.clock().keySet()) {
                if (store.fork(f).isPresent()) {
                    forked.add(f);
                }
            }
        } catch (StoreUnavailableException e) {
            // the file is being reopened: the reason is in `degraded`, the list is left empty
        }
        int peers = replicator.peers().size();
        int neighbours = lanNeighbours();
        return new NodeStatus(
                id(),
                swarmAddressText(),
                peers,
                stats.feeds(),
                stats.entries(),
                stats.diskBytes(),
                replicator.wanted().size(),
                forked,
                Crypto.current().describe(),
                config.history().server() ? replicator.custody() : null,
                health.ready(),
                health.reason(),
                transport.stats().queuedBytes(),
                replicator.unknownMessages(),
                neighbours,
                lan == null ? 0 : lan.refused(),
                alone(peers, neighbours));
    }

    @Override
    public boolean alone() {
        return alone(replicator.peers().size(), lanNeighbours());
    }

    private boolean alone(int peers, int neighbours) {
        return peers == 0 && neighbours == 0 && config.bootstrapPeers().isEmpty() && replicator.dialTargets() == 0;
    }

    @Override
    public int lanNeighbours() {
        return lan == null ? 0 : lan.neighbours();
    }

    /**
     * What the peer links hold and what the node refused (docs/protocol.md §4): bytes queued for
     * peers, links closed for not reading or for overrunning their budgets, connections refused.
     */
    public TransportStats transportStats() {
        return transport.stats();
    }

    @Override
    public org.scurry.swarm.spi.RelayStats relayStats() {
        return transport.relayStats();
    }

    @Override
    public List<String> observedAddresses() {
        return replicator.observedAddresses();
    }

    @Override
    public String reachability() {
        if (!config.advertiseAddress().isBlank()) {
            return "direct";
        }
        for (PeerInfo p : replicator.peers()) {
            if (!p.outbound() && p.relay() == null) {
                return "direct";
            }
        }
        return transport.relayStats().relays() > 0 ? "relayed only" : "unknown";
    }

    /** Peers dropped for sending more range and chunk requests than their budget without reading. */
    public long requestFloods() {
        return replicator.requestFloods();
    }

    /** host:port of the peer protocol; the configured host when bound to every interface. */
    private String swarmAddressText() {
        boolean wildcard =
                swarmAddress.getAddress() != null && swarmAddress.getAddress().isAnyLocalAddress();
        return (wildcard ? config.listenHost() : swarmAddress.getHostString()) + ":" + swarmAddress.getPort();
    }

    /**
     * Calls {@code listener} for every entry appended from now on, local or replicated, in append
     * order, on a replication thread (don't block). Close the handle to stop.
     */
    public AutoCloseable onEntry(Consumer<Entry> listener) {
        return replicator.addListener(listener);
    }

    @Override
    public void close() {
        try {
            if (lan != null) {
                lan.close(); // no new dials while the rest stops
            }
            commits.close(); // what was queued is written first
            routing.close();
            replicator.close();
            transport.close();
        } finally {
            store.close();
        }
        LOG.info("node {} stopped", id());
    }
}
