package org.scurry.bench.sim;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 * runs on one {@link VirtualTimeLoop} through a {@link SimNetwork}. Only time, the network and the
 * stores' starting state are simulated.
 *
 * <p>A run: the stores are filled with every feed each node replicates (with the authors' {@code
 * address} entries); the online nodes start during the first second with {@code dialFollowees} of
 * the accounts they follow as configured peers (one by default, as a user configures a friend's
 * node), and from there link as the product's Dialer decides (docs/protocol.md §5); after
 * the warm-up, posts are made by random online authors that have followers while nodes churn; each
 * post is followed for the horizon. Use from one thread; a simulator runs once.
 *
 * <p>Why it is long: the scenario (preloading, starting, churn, posts) and its report (windows, the
 * flooding and central-server models, bytes) share the simulated world's state; the world's parts
 * are classes of their own (SimNetwork, VirtualTimeLoop, Population, FollowGraph, Baselines).
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
    private final Map<EntryId, Post> posts = new LinkedHashMap<>();
    private long verifications;
    private double preloadSeconds;

    /** One tracked post and where it got to, by the real code and the two models. */
    private static final class Post {
        final Entry entry;
        final int author;
        final long t0;
        final Set<Integer> targets;
        final Map<Integer, Long> real = new HashMap<>();
        long copies;
        long deliveries;
        Baselines.Spread flood;
        Baselines.Spread central;

        Post(Entry entry, int author, long t0, Set<Integer> targets) {
            this.entry = entry;
            this.author = author;
            this.t0 = t0;
            this.targets = targets;
        }
    }

    public SwarmSimulator(SimConfig config, Population population) {
        if (population.size() != config.nodes()) {
            throw new IllegalArgumentException(
                    "population of " + population.size() + " for " + config.nodes() + " nodes");
        }
        quietLogs();
        this.config = config;
        this.population = population;
        this.network = new SimNetwork(loop, config.nodes(), config.latencyMillis(), config.loss(), config.seed());
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

    public VirtualTimeLoop loop() {
        return loop;
    }

    public SimNetwork network() {
        return network;
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
        for (Post p : posts.values()) {
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
        Post p = new Post(e, author, loop.now(), targets);
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

    private void received(int node, Entry e, long now) {
        verifications++;
        Post p = posts.get(e.id());
        if (p != null) {
            p.copies++;
        }
    }

    private void appended(int node, Entry e) {
        Post p = posts.get(e.id());
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
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
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
                java.util.Locale.ROOT,
                "%,d nodes %.0f%% offline: stores filled in %.1f s, warm-up (%,d virtual ms) done at %.1f s wall",
                n,
                config.offlineShare() * 100,
                preloadSeconds,
                config.warmupMillis(),
                (System.nanoTime() - wall) / 1e9));
        double links = 0;
        for (int i = 0; i < n; i++) {
            links += isOnline(i) ? network.linkedTo(i).size() : 0;
        }
        links /= Math.max(1, online.size());
        long start = config.warmupMillis();
        scheduleChurn(start, start + config.measuredMillis());
        List<Window> windows = new ArrayList<>();
        long windowStart = start;
        for (int w = 0; w < config.windows(); w++) {
            long[] bytesAtStart = bytesByNode();
            schedulePosts(windowStart, w);
            windowStart += config.windowMillis() + config.horizonMillis();
            loop.runUntil(windowStart);
            windows.add(new Window(w, bytesAtStart, bytesByNode()));
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
        List<SimReport> reports = new ArrayList<>();
        double onlineNodes = Math.max(1, n - offlineCount);
        for (Window w : windows) {
            double total = 0;
            double max = 0;
            for (int i = 0; i < n; i++) {
                long b = w.bytesAtEnd[i] - w.bytesAtStart[i];
                total += b;
                max = Math.max(max, b);
            }
            List<Post> mine =
                    posts.values().stream().filter(p -> windowOf(p) == w.index).toList();
            Delivery real = summarise(mine, p -> p.real, p -> p.copies, p -> p.deliveries);
            Delivery flood = summarise(mine, p -> p.flood.arrivals(), p -> p.flood.copies(), p -> p.flood.deliveries());
            Delivery central =
                    summarise(mine, p -> p.central.arrivals(), p -> p.central.copies(), p -> p.central.deliveries());
            double floodBytes = 0;
            double centralClientBytes = 0;
            double serverBytes = 0;
            for (Post p : mine) {
                long size = entryMessageBytes(p.entry);
                floodBytes += 2.0 * p.flood.messages() * size;
                centralClientBytes += (p.central.messages() > 0 ? 1 : 0) * size + p.central.deliveries() * size;
                serverBytes += p.central.messages() * size;
            }
            reports.add(new SimReport(
                    config,
                    w.index,
                    real,
                    flood,
                    central,
                    total / onlineNodes,
                    max,
                    floodBytes / onlineNodes,
                    centralClientBytes / onlineNodes,
                    serverBytes,
                    links,
                    verifications,
                    wallSeconds,
                    cpuSeconds,
                    preloadSeconds,
                    loop.executed(),
                    loop.failed(),
                    heap));
        }
        return reports;
    }

    /**
     * The measurement window a post was made in: windows follow each other without overlap, each
     * {@code windowMillis} of posts and then {@code horizonMillis} of watching them.
     */
    private long windowOf(Post p) {
        return (p.t0 - config.warmupMillis()) / (config.windowMillis() + config.horizonMillis());
    }

    /** Bytes each node sent and received so far. */
    private long[] bytesByNode() {
        long[] b = new long[config.nodes()];
        for (int i = 0; i < b.length; i++) {
            b[i] = network.bytesSent(i) + network.bytesReceived(i);
        }
        return b;
    }

    /** One measurement window's traffic counters at its start and at the end of its horizon. */
    private record Window(int index, long[] bytesAtStart, long[] bytesAtEnd) {}

    /** A 10,000-node run takes minutes: say where it is. */
    private static void progress(String s) {
        System.err.println("== simulator: " + s);
    }

    /** An Entries message carrying one entry, framed: what a model sends per copy. */
    private static long entryMessageBytes(Entry e) {
        return 1 + 4 + 4 + e.encodedLength() + SimNetwork.FRAME_OVERHEAD;
    }

    private Delivery summarise(
            List<Post> posts,
            java.util.function.Function<Post, Map<Integer, Long>> arrivals,
            java.util.function.ToLongFunction<Post> copies,
            java.util.function.ToLongFunction<Post> deliveries) {
        long targets = 0;
        List<Long> latencies = new ArrayList<>();
        long c = 0;
        long d = 0;
        for (Post p : posts) {
            Map<Integer, Long> at = arrivals.apply(p);
            targets += p.targets.size();
            for (int t : p.targets) {
                Long l = at.get(t);
                if (l != null && l <= config.horizonMillis()) {
                    latencies.add(l);
                }
            }
            c += copies.applyAsLong(p);
            d += deliveries.applyAsLong(p);
        }
        long[] ls = latencies.stream().mapToLong(Long::longValue).toArray();
        return Delivery.of(targets, ls, config.deadlineMillis(), c, d);
    }

    /** Every second, swaps nodes between online and offline so the offline share stays the same. */
    private void scheduleChurn(long start, long end) {
        double perSecond = config.churnPerMinute() * config.nodes() / 60.0 / 2; // half go, half come
        if (perSecond <= 0 || config.offlineShare() <= 0) {
            return;
        }
        double[] carry = {0};
        for (long t = start; t < end; t += 1000) {
            loop.at(t, () -> {
                carry[0] += perSecond;
                int swaps = (int) carry[0];
                carry[0] -= swaps;
                for (int k = 0; k < swaps; k++) {
                    int goes = online.random(random);
                    int comes = randomOffline();
                    if (goes < 0 || comes < 0) {
                        return;
                    }
                    stop(goes);
                    start(comes);
                }
            });
        }
    }

    private int randomOffline() {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int i = random.nextInt(config.nodes());
            if (nodes[i] == null) {
                return i;
            }
        }
        return -1;
    }

    private void schedulePosts(long start, int window) {
        for (int k = 0; k < config.posts(); k++) {
            int number = window * config.posts() + k;
            loop.at(start + random.nextLong(config.windowMillis()), () -> {
                int author = randomAuthor();
                if (author >= 0) {
                    post(author, postText(number));
                }
            });
        }
    }

    /** A random online node with at least one follower, or -1. */
    private int randomAuthor() {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int i = online.random(random);
            if (i >= 0 && population.graph().followers(i).length > 0) {
                return i;
            }
        }
        return -1;
    }

    /** About 120 characters, like the benchmarks' posts. */
    static String postText(int number) {
        String s = "simulated post " + number + ": ";
        return s + "x".repeat(Math.max(0, 120 - s.length()));
    }

    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The online nodes, with O(1) add, remove and uniform pick. */
    private static final class OnlineSet {
        private final int[] members;
        private final int[] position;
        private int size;

        OnlineSet(int n) {
            members = new int[n];
            position = new int[n];
            java.util.Arrays.fill(position, -1);
        }

        void add(int i) {
            if (position[i] < 0) {
                position[i] = size;
                members[size++] = i;
            }
        }

        void remove(int i) {
            int at = position[i];
            if (at >= 0) {
                int last = members[--size];
                members[at] = last;
                position[last] = at;
                position[i] = -1;
            }
        }

        int size() {
            return size;
        }

        int random(SplittableRandom r) {
            return size == 0 ? -1 : members[r.nextInt(size)];
        }

        BitSet bits() {
            BitSet b = new BitSet(members.length);
            for (int k = 0; k < size; k++) {
                b.set(members[k]);
            }
            return b;
        }
    }
}
