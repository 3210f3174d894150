package org.scurry.swarm;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.history.CustodyReceipt;
import org.scurry.swarm.history.HistoryServer;
import org.scurry.swarm.internal.node.SwarmNode;
import org.scurry.swarm.protect.Protection;
import org.scurry.swarm.protect.RequestHintStatus;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.ReplicationRuntime;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.TransportFactory;
import org.scurry.swarm.spi.TransportStats;

/**
 * A peer of the swarm: one identity of its own (plus any hosted ones), a store, and replication
 * over a transport. The public face of the swarm module: the gateway, the routes, the bridges and
 * tests use this interface; {@link #builder} makes one ({@link #open} for the usual case).
 *
 * <p>Errors: bad input from a user throws {@link IllegalArgumentException} with a message fit to
 * show; asking for a feed this node does not hold throws {@link NoSuchElementException}; a write the
 * store cannot make now (the disk is full) throws {@link StoreUnavailableException} with the reason,
 * stores nothing, and the node recovers by itself ({@link #health()}). Writing methods block until
 * the entry is durable and return it (entries of concurrent callers share one disk write); {@link
 * #postAsync} returns at once with a future that completes when it is. Reading methods answer from
 * the store and do not block on the network, except {@link #feed} for what the node does not hold.
 * Thread-safe.
 */
public interface Node extends AutoCloseable {

    /** A builder for a node on {@code config}; the parts not given are made from the config. */
    static Builder builder(NodeConfig config) {
        return new Builder(config);
    }

    /**
     * Opens the node kept in {@code config.dataDir()}: the store ({@code config.store()}: the H2 file
     * there, or a PostgreSQL database), the identity key (created on
     * first start, owner-only permissions) and the TCP transport; connects to the bootstrap peers.
     * The same as {@code builder(config).start()}.
     */
    static Node open(NodeConfig config) {
        return builder(config).start();
    }

    /**
     * The parts of a node. Each one not given is made from the config when {@link #start} runs: the
     * identity from {@code identity.key} and the store {@code config.store()} names (by default the H2
     * file {@code store/} in {@code config.dataDir()}), TCP ({@code scurry.swarm.*}) and a replication thread of the node's own.
     * Tests and the simulator pass an in-memory store and transport, and the simulator a runtime
     * on its virtual-time loop. Not thread-safe; use it once.
     */
    final class Builder {
        private final NodeConfig config;
        private Ed25519Signer identity;
        private Store store;
        private TransportFactory transports;
        private ReplicationRuntime runtime;
        private NodeMeter meter = NodeMeter.NONE;

        private Builder(NodeConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("a node needs a config");
            }
            this.config = config;
        }

        /** The node's own key, instead of the one kept in the data directory. */
        public Builder identity(Ed25519Signer identity) {
            this.identity = identity;
            return this;
        }

        /** The store to keep entries in; the node closes it when it closes. */
        public Builder store(Store store) {
            this.store = store;
            return this;
        }

        /** How the node reaches its peers. */
        public Builder transport(TransportFactory transports) {
            this.transports = transports;
            return this;
        }

        /** The thread, clock and ingest mode of replication. */
        public Builder runtime(ReplicationRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        /** What to tell about the entries received, refused, stored and sent (metrics); none by default. */
        public Builder meter(NodeMeter meter) {
            this.meter = meter == null ? NodeMeter.NONE : meter;
            return this;
        }

        /**
         * Starts the node: selects the Ed25519 library ({@code config.crypto()}), opens what was not
         * given, binds the swarm port, and starts replication and dialling. Blocks until the port is
         * bound. Throws what a part threw (a port in use, a store that will not open, {@code
         * scurry.crypto=sodium} without libsodium); a store it opened itself is closed again then.
         */
        public Node start() {
            return SwarmNode.start(config, identity, store, transports, runtime, meter);
        }
    }

    /** The node's own feed id (its identity's public key). */
    FeedId id();

    NodeConfig config();

    /** Where the peer protocol listens (the bound port when the config said 0). */
    InetSocketAddress swarmAddress();

    /** The store the node keeps its entries in (tests and benchmarks read it directly). */
    Store store();

    // ---- writing: each blocks until its entry is durable and returns it --------------------------

    /** Posts as the node's own identity. */
    Entry post(String text, EntryId replyTo);

    /** Posts as a hosted identity (see {@link #host}). */
    Entry post(FeedId author, String text, EntryId replyTo);

    /**
     * Posts as a local identity without waiting for the disk. The text is checked and the entry
     * signed before this returns (bad input throws IllegalArgumentException here); the entries of
     * one author are chained in call order. The future completes, on the node's writer thread, once
     * the entry is durable, or exceptionally when the store did not keep it. Callers that handle
     * posts one after another (an MQTT inbox) use this to let the next post share the disk write.
     */
    CompletableFuture<Entry> postAsync(FeedId author, String text, EntryId replyTo);

    /** The node's identity follows {@code feed}. */
    Entry follow(FeedId feed);

    /**
     * A local identity follows {@code feed}; following a protected feed also asks its owner for
     * access. Throws IllegalArgumentException for a feed following itself.
     */
    Entry follow(FeedId follower, FeedId feed);

    Entry unfollow(FeedId feed);

    /** Throws IllegalArgumentException when {@code follower} does not follow {@code feed}. */
    Entry unfollow(FeedId follower, FeedId feed);

    /** Publishes a {@code profile} entry (display name and bio; either may be null). */
    Entry setProfile(FeedId author, String name, String bio);

    /**
     * Publishes a {@code profile} entry for a local author: its current {@link #profile} with the
     * non-null fields of {@code update} set ("" clears one). Throws IllegalArgumentException, storing
     * nothing, when the result breaks {@link Profile}'s rules or the author is not local.
     */
    Entry setProfile(FeedId author, Profile update);

    /** Feeds whose display name is {@code name} (case-insensitive): names are not unique. */
    Set<FeedId> feedsNamed(String name);

    /** A feed's profile from its latest profile entry held here; {@link Profile#EMPTY} when none. */
    Profile profile(FeedId feed);

    /** Counts of what this node holds about a feed. Blocks on the store. */
    FeedCounts counts(FeedId feed);

    /** The entry with this id, if held (docs/entry-format.md). Blocks on the store. */
    Optional<Entry> entry(EntryId id);

    /**
     * The thread entry {@code id} belongs to ({@link Conversation}): the root and every reply held
     * below it, in tree order. A parent on the way up that is not held is fetched from peers when
     * the reply names its author and seq (blocks while peers are asked, at most some seconds per
     * peer); what no peer has is marked missing. Throws NoSuchElementException when {@code id}
     * itself is not held.
     */
    Conversation thread(EntryId id);

    /** Publishes an entry of any kind for a local author; content is a UTF-8 JSON object. */
    Entry publish(FeedId author, String kind, byte[] contentJson);

    /**
     * Adds an identity whose key this node holds (a gateway account): its feed is published from
     * here and its follows are replicated as the node's own. Does not block.
     */
    void host(Ed25519Signer identity);

    /** Local identities: the node's own first, then hosted ones. */
    List<FeedId> localFeeds();

    /**
     * Protected feeds (docs/protected.md): protect on/off, requests, approve, deny, revoke, and
     * opening protected entries for a local reader.
     */
    Protection protection();

    /**
     * The feeds this node fetches because a request hint pointed at them, and the hints it refused
     * (docs/protected.md, "How a request reaches its owner"). Asks the replication thread.
     */
    RequestHintStatus requestHints();

    /**
     * An entry as the local identity {@code reader} may see it: a protected entry opened when the
     * reader holds its key, else unchanged (still sealed). Never throws for one that does not open.
     */
    Entry read(FeedId reader, Entry entry);

    // ---- reading -----------------------------------------------------------------------------------

    /** The feeds the node's identity follows. */
    Set<FeedId> following();

    Set<FeedId> following(FeedId who);

    /** True when the node holds at least one entry of the feed. */
    boolean holds(FeedId feed);

    /**
     * A feed's entries with seq below {@code beforeSeq}, newest first (at most {@code limit}, 1 to
     * 1000). What is not held here (a pruned past, a feed never replicated) is fetched from history
     * servers and verified (docs/history.md); this then blocks while peers are asked. Throws
     * NoSuchElementException when the feed is not held and no peer has it.
     */
    List<Entry> feed(FeedId feed, long beforeSeq, int limit);

    /** The node identity's timeline: its own entries and those of the feeds it follows, newest first. */
    TimelinePage timeline(TimelineCursor before, int limit);

    /** A local identity's timeline. */
    TimelinePage timeline(FeedId who, TimelineCursor before, int limit);

    /** The proof that the feed's author signed two entries with the same seq, if this node saw one. */
    Optional<ForkProof> fork(FeedId feed);

    /** The display name of the feed's latest {@code profile} entry held here. */
    Optional<String> displayName(FeedId feed);

    /**
     * Resolves what a person typed: a feed id, or the display name of a feed that {@code who}
     * follows (or any held feed, if none it follows has that name). Throws IllegalArgumentException
     * when nothing or more than one feed matches.
     */
    FeedId resolve(FeedId who, String idOrName);

    // ---- history servers and pruning (docs/history.md) ---------------------------------------------

    /**
     * Deletes a feed's entries below {@code belowSeq} (the newest always stays); returns how many.
     * Refuses with IllegalStateException an own or hosted feed, or entries no history server has
     * receipted.
     */
    long prune(FeedId feed, long belowSeq);

    /** History servers heard from within the liveness time. */
    List<HistoryServer> historyServers();

    /** Custody receipts checked here for a feed, one per history server. */
    List<CustodyReceipt> receipts(FeedId feed);

    /** Feeds this node archives in full (history role; empty for a client). */
    Set<FeedId> archived();

    /**
     * How many live history servers hold {@code feed} whole, as their custody receipts tell (a
     * history server counts itself by its store). See docs/history.md, "Copies".
     */
    int copies(FeedId feed);

    /** Peers this node stopped asking for ranges of {@code feed} because they sent bad chunks. */
    Set<FeedId> excludedSources(FeedId feed);

    // ---- peers and state -----------------------------------------------------------------------------

    /** The linked peers, with their counters (asked of the replication thread; at most 2 s). */
    List<PeerInfo> peers();

    /** Dials a peer (and keeps re-dialling it with backoff if the link drops). Does not block. */
    CompletableFuture<PeerInfo> connect(String hostPort);

    /** Feeds replicated here: local ones, followed ones, and those within the hop limit. */
    Set<FeedId> wantedFeeds();

    /**
     * Whether the node takes writes now, and if not why (the disk is full): a volatile read, cheap
     * enough for every status request and a readiness check. While not ready the node serves reads,
     * refuses writes with {@link StoreUnavailableException}, and recovers by itself once it can
     * write again (docs/storage.md, "A full disk").
     */
    Health health();

    /**
     * How far behind its linked peers the node is, per feed group ({@link CatchUp}). Asks the
     * replication thread (at most 2 s, else the last figure) and reads each wanted feed's head from
     * the store: for a metrics scrape, not for a probe polled every second.
     */
    CatchUp catchUp();

    /**
     * For a history server, how well the feeds it archives are kept (copies per feed); null for a
     * client. Asks the replication thread (at most 2 s, else the last figure).
     */
    org.scurry.swarm.history.CustodyStatus custody();

    /** True while the peer protocol's port accepts connections: a volatile read, for a readiness probe. */
    boolean listening();

    /** Counts and state for {@code GET /api/status}; answers while the store refuses writes too. */
    NodeStatus status();

    /**
     * True when nothing can reach this node and it has nobody to reach: no linked peer, no
     * configured peer, no neighbour heard on the LAN and no address to dial (docs/reach.md, "A node
     * that is alone"). Then nothing followed will arrive. Asks the replication thread (at most 2 s).
     */
    boolean alone();

    /** Nodes of this swarm heard on the LAN within the last rounds; 0 when LAN discovery is off. */
    int lanNeighbours();

    /**
     * What the peer links hold and what the node refused (docs/protocol.md §4): bytes queued for
     * peers, links closed for not reading or for overrunning their budgets, connections refused.
     */
    TransportStats transportStats();

    /** What the node relays for peers that cannot be dialled, and its own relayed links (docs/reach.md). */
    default org.scurry.swarm.spi.RelayStats relayStats() {
        return org.scurry.swarm.spi.RelayStats.NONE;
    }

    /**
     * Whether peers can reach this node (docs/reach.md, "Reachability"): {@code "direct"} when it
     * announces an address or a peer dialled it, {@code "relayed only"} when it can be reached only
     * through relays it is linked to, {@code "unknown"} otherwise.
     */
    default String reachability() {
        return "unknown";
    }

    /**
     * The addresses peers saw this node's direct links come from (each peer says it in its Hello),
     * newest last, at most 8. Not verified: behind a NAT it is the NAT's address and port of one
     * outgoing connection, which others may not be able to dial (docs/reach.md).
     */
    default List<String> observedAddresses() {
        return List.of();
    }

    /** Peers dropped for sending more range and chunk requests than their budget without reading. */
    long requestFloods();

    /**
     * Calls {@code listener} for every entry appended from now on, local or replicated, in append
     * order, on a replication thread (don't block). Close the handle to stop.
     */
    AutoCloseable onEntry(Consumer<Entry> listener);

    /**
     * Stops the node: what was queued for the disk is written first, then replication, the
     * transport and the store close. Blocks until they have.
     */
    @Override
    void close();
}
