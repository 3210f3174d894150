package org.scurry.bench.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.swarm.spi.ReplicationRuntime;

/**
 * Runs a simulated swarm: every node is a real {@link Node} (the real Replicator, Sources,
 * PeerSession, WantedFeeds, Dialer and entry validation, on a {@link MemoryStore}) whose replication
 * runs on one {@link VirtualTimeLoop} through a {@link SimNetwork}. Only time, the network (with
 * its NATs and relays, {@link NatRelays}) and the stores' starting state are simulated.
 *
 * <p>A run: the stores are filled with every feed each node replicates (with the authors' {@code
 * address} entries); the online nodes start during the first second with {@code dialFollowees} of
 * the accounts they follow as configured peers (one by default, as a user configures a friend's
 * node), and from there link as the product's Dialer decides (docs/protocol.md §5); after
 * the warm-up, posts are made by random online authors that have followers while nodes churn
 * ({@link SwarmWorkload}); each post is followed for the horizon and reported per window ({@link
 * WindowReports}). Use from one thread; a simulator runs once.
 */
public final class SwarmSimulator {
    private final SimConfig config;
    private final Population population;
    private final VirtualTimeLoop loop = new VirtualTimeLoop();
    private final SimNetwork network;
    private final SplittableRandom random;
    private final Baselines baselines;
    private final EntryValidator validator = new EntryValidator();
    private final MemoryStore[] stores;
    private final NodeConfig[] configs;
    private final Node[] nodes;
    private final OnlineSet online;
    private final Map<EntryId, TrackedPost> posts = new LinkedHashMap<>();
    private long verifications;
    private double preloadSeconds;

    public SwarmSimulator(SimConfig config, Population population) {
        if (population.size() != config.nodes()) {
            throw new IllegalArgumentException(
                    "population of " + population.size() + " for " + config.nodes() + " nodes");
        }
        quietLogs();
        this.config = config;
        this.population = population;
        FollowGraph graph = population.graph();
        this.network = new SimNetwork(
                loop,
                config.nodes(),
                config.latencyMillis(),
                config.loss(),
                config.seed(),
                config.nat(),
                graph::follows);
        this.random = new SplittableRandom(config.seed() * 31 + 7);
        this.baselines = new Baselines(config.seed(), config.latencyMillis(), config.loss());
        int n = config.nodes();
        this.stores = new MemoryStore[n];
        this.configs = new NodeConfig[n];
        this.nodes = new Node[n];
        this.online = new OnlineSet(n);
        network.observeEntries(this::received);
    }

    /** The replication code logs each link at INFO; thousands of nodes would drown the console. */
    static void quietLogs() {
        Configurator.setLevel("org.scurry.swarm", Level.WARN);
    }

    public SimConfig config() {
        return config;
    }

    public Population population() {
        return population;
    }

    public VirtualTimeLoop loop() {
        return loop;
    }

    public SimNetwork network() {
        return network;
    }

    /** Whether node {@code i} is behind a NAT (never dialled directly). */
    public boolean behindNat(int i) {
        return network.relays().behindNat(i);
    }

    /** The running node {@code i}, or null while it is offline. */
    public Node node(int i) {
        return nodes[i];
    }

    public boolean isOnline(int i) {
        return nodes[i] != null;
    }

    /** Fills the stores and starts the nodes that are online at first (without running the loop). */
    public void prepare(BitSet initiallyOffline) {
        long t = System.nanoTime();
        int n = config.nodes();
        for (int i = 0; i < n; i++) {
            stores[i] = population.preloadedStore(i);
            int[] follows = population.graph().follows(i).clone();
            shuffle(follows);
            List<String> peers = new ArrayList<>();
            for (int k = 0; k < follows.length && k < config.dialFollowees(); k++) {
                peers.add(SimNetwork.address(follows[k]));
            }
            configs[i] = NodeConfig.defaults(Path.of("unused"))
                    .withListen("127.0.0.1", SimNetwork.BASE_PORT + i)
                    .withAdvertiseAddress(SimNetwork.address(i))
                    .withHops(population.hops())
                    .withBootstrapPeers(peers);
        }
        preloadSeconds = (System.nanoTime() - t) / 1e9;
        for (int i = 0; i < n; i++) {
            if (!initiallyOffline.get(i)) {
                int node = i;
                loop.at(random.nextLong(1000), () -> start(node));
            }
        }
    }

    /** Starts node {@code i} now on its kept store (a restart after being offline). */
    public void start(int i) {
        if (nodes[i] != null) {
            return;
        }
        ReplicationRuntime runtime = new ReplicationRuntime(loop.scheduler(), true, validator);
        Node node = Node.builder(configs[i])
                .identity(population.identity(i))
                .store(stores[i])
                .transport(network.factory(i))
                .runtime(runtime)
                .start();
        node.onEntry(e -> appended(i, e));
        nodes[i] = node;
        online.add(i);
    }

    /** Takes node {@code i} offline: its links close and its pending work is dropped; the store is kept. */
    public void stop(int i) {
        Node node = nodes[i];
        if (node == null) {
            return;
        }
        nodes[i] = null;
        online.remove(i);
        node.close();
        for (TrackedPost p : posts.values()) {
            if (p.t0 + config.horizonMillis() > loop.now()) {
                p.targets.remove(i);
            }
        }
    }

    /** Node {@code author} posts now; the post is tracked. Returns the entry. */
    public Entry post(int author, String text) {
        Entry e = nodes[author].post(text, null);
        Set<Integer> targets = new HashSet<>();
        List<Integer> followersOnline = new ArrayList<>();
        for (int f : population.graph().followers(author)) {
            if (isOnline(f)) {
                targets.add(f);
                followersOnline.add(f);
            }
        }
        TrackedPost p = new TrackedPost(e, author, loop.now(), targets);
        BitSet up = online.bits();
        p.flood = baselines.flood(author, population.replicatorsOf(author), up, network::linkedTo);
        p.central = baselines.central(followersOnline, loop.now() - config.warmupMillis(), config.offlineShare());
        posts.put(e.id(), p);
        return e;
    }

    /** Which of the tracked posts' entries node {@code i} holds. */
    public boolean holds(int i, Entry e) {
        return stores[i].get(e.id()).isPresent();
    }

    /** Copies of the tracked post {@code e} received so far, and how many came through a tunnel. */
    public long[] receptions(Entry e) {
        TrackedPost p = posts.get(e.id());
        return p == null ? new long[2] : new long[] {p.receptions, p.relayedReceptions};
    }

    private void received(int node, Entry e, long now, boolean relayed) {
        verifications++;
        TrackedPost p = posts.get(e.id());
        if (p != null) {
            p.received(relayed);
        }
    }

    private void appended(int node, Entry e) {
        TrackedPost p = posts.get(e.id());
        if (p != null && node != p.author) {
            p.deliveries++;
            p.real.putIfAbsent(node, loop.now() - p.t0);
        }
    }

    /**
     * Runs the whole scenario and reports each of its measurement windows (one report per window,
     * in order).
     */
    public List<SimReport> run() {
        long wall = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        int n = config.nodes();
        BitSet offline = new BitSet(n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order);
        int offlineCount = (int) Math.round(config.offlineShare() * n);
        for (int k = 0; k < offlineCount; k++) {
            offline.set(order[k]);
        }
        prepare(offline);
        loop.runUntil(config.warmupMillis());
        progress(String.format(
                Locale.ROOT,
                "%,d nodes %.0f%% offline %.0f%% behind NAT: stores filled in %.1f s, warm-up (%,d virtual ms) done at %.1f s wall",
                n,
                config.offlineShare() * 100,
                config.nat().share() * 100,
                preloadSeconds,
                config.warmupMillis(),
                (System.nanoTime() - wall) / 1e9));
        double links = 0;
        for (int i = 0; i < n; i++) {
            links += isOnline(i) ? network.linkedTo(i).size() : 0;
        }
        links /= Math.max(1, online.size());
        long start = config.warmupMillis();
        SwarmWorkload workload = new SwarmWorkload(this, online, population.graph(), random);
        workload.scheduleChurn(start, start + config.measuredMillis());
        List<WindowReports.Window> windows = new ArrayList<>();
        long windowStart = start;
        for (int w = 0; w < config.windows(); w++) {
            long[] bytesAtStart = perNode(network::bytesSent, network::bytesReceived);
            long[] relayedAtStart = perNode(network::bytesRelayed, i -> 0);
            workload.schedulePosts(windowStart, w);
            windowStart += config.windowMillis() + config.horizonMillis();
            loop.runUntil(windowStart);
            windows.add(new WindowReports.Window(
                    w,
                    bytesAtStart,
                    perNode(network::bytesSent, network::bytesReceived),
                    relayedAtStart,
                    perNode(network::bytesRelayed, i -> 0)));
        }
        for (int i = 0; i < n; i++) {
            if (nodes[i] != null) {
                nodes[i].close();
            }
        }
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.gc();
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
        NatRelays relays = network.relays();
        WindowReports.Swarm swarm = new WindowReports.Swarm(
                links,
                verifications,
                wallSeconds,
                cpuSeconds,
                preloadSeconds,
                loop.executed(),
                loop.failed(),
                heap,
                relays.peakTunnels(),
                relays.peakClients());
        return new WindowReports(config).build(windows, posts.values(), Math.max(1, n - offlineCount), swarm);
    }

    /** A counter per node: the sum of the two. */
    private long[] perNode(java.util.function.IntToLongFunction a, java.util.function.IntToLongFunction b) {
        long[] v = new long[config.nodes()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.applyAsLong(i) + b.applyAsLong(i);
        }
        return v;
    }

    /** A 10,000-node run takes minutes: say where it is. */
    private static void progress(String s) {
        System.err.println("== simulator: " + s);
    }

    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
