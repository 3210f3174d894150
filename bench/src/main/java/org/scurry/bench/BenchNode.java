package org.scurry.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.spi.StoreStats;

/**
 * A node as a separate process for the end-to-end benchmarks: a real {@link Node} (H2 files, TCP,
 * Noise), driven by one-line commands on stdin with one answer line each on stdout. Like the
 * swarm testkit's {@code NodeMain}, plus the read and resource commands the benchmarks time.
 *
 * <p>Arguments: {@code DATA_DIR SWARM_PORT [PEER_HOST:PORT ...]}. Commands:
 *
 * <pre>
 * follow FEED        → ok                       the node's identity follows FEED
 * seq FEED           → seq N                    latest seq held
 * verify FEED        → verified N | broken ...  whole chain: signatures, seq, prev
 * peers              → peers N
 * stats              → stats FEEDS ENTRIES DISK_BYTES
 * timeline K N PAGES → timeline ENTRIES NANOS   PAGES pages of N over the first K held feeds
 * feedpage FEED N    → feedpage ENTRIES NANOS   newest N entries of one feed
 * memory             → memory HEAP_USED HEAP_MAX
 * heapreset          → ok                       starts a new heap window
 * heap               → heap PEAK_USED LIVE      heap pools' peak use since the window began, and
 *                                               the heap in use after a full GC now (bytes)
 * net                → net QUEUED PEAK STALLED OVER_BUDGET REFUSED FLOODS   (docs/protocol.md §4)
 * post N             → posted SEQ               posts until the node's own feed holds N entries
 * relay              → relay TUNNELS OPENED BYTES TUNNEL_LINKS   (docs/reach.md)
 * quit               → bye
 * </pre>
 *
 * <p>The system property {@code scurry.bench.loopbackPeers=N} lets N connections (and handshakes)
 * come from one address, for benchmarks whose peers all dial from 127.0.0.1.
 */
public final class BenchNode {
    private BenchNode() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> peers = new ArrayList<>(List.of(args).subList(2, args.length));
        NodeConfig config = NodeConfig.defaults(Path.of(args[0]))
                .withListen("127.0.0.1", Integer.parseInt(args[1]))
                .withBootstrapPeers(peers)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(2))
                .withDiscoveredPeers(0);
        String loopbackPeers = System.getProperty("scurry.bench.loopbackPeers");
        if (loopbackPeers != null) {
            int n = Integer.parseInt(loopbackPeers);
            config = config.withLimits(config.limits().withConnections(n, n, n, Math.max(n, 512)));
        }
        HeapWindow heap = new HeapWindow();
        long opening = System.nanoTime();
        try (Node node = Node.open(config)) {
            out.println(
                    "ready " + node.swarmAddress().getPort() + " " + node.id() + " " + (System.nanoTime() - opening));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.split(" ");
                try {
                    String answer = execute(node, heap, w);
                    if (answer == null) {
                        break;
                    }
                    out.println(answer);
                } catch (RuntimeException e) {
                    out.println("error " + e);
                }
            }
        }
        // After close: the store has compacted its file, so its size can be measured.
        out.println("bye");
    }

    private static String execute(Node node, HeapWindow heap, String[] w) {
        switch (w[0]) {
            case "follow":
                node.follow(FeedId.parse(w[1]));
                return "ok";
            case "seq":
                return "seq " + node.store().latestSeq(FeedId.parse(w[1]));
            case "verify":
                return verify(node, FeedId.parse(w[1]));
            case "verifyloop": {
                // The ceiling's one-core loop, run in this JVM over the first entries of a feed it
                // holds: the same compiled verify code its replication used.
                FeedId feed = FeedId.parse(w[1]);
                int n = Integer.parseInt(w[2]);
                List<byte[]> encodings = new java.util.ArrayList<>(n);
                while (encodings.size() < n) {
                    List<Entry> page = node.store().range(feed, encodings.size() + 1, n, 1000);
                    if (page.isEmpty()) {
                        break;
                    }
                    page.forEach(e -> encodings.add(e.encoded()));
                }
                if (encodings.isEmpty()) {
                    return "error no entries of " + feed;
                }
                ReplicationBench.VerifyRate r = ReplicationBench.verifyRate(encodings);
                return "verifyloop " + r.perSecond() + " " + r.cpuNanosPerEntry();
            }
            case "peers":
                return "peers " + node.peers().size();
            case "stats": {
                StoreStats s = node.store().stats();
                return "stats " + s.feeds() + " " + s.entries() + " " + s.diskBytes();
            }
            case "timeline":
                return timeline(node, Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]));
            case "feedpage": {
                long t0 = System.nanoTime();
                List<Entry> page = node.store().feedPage(FeedId.parse(w[1]), Long.MAX_VALUE, Integer.parseInt(w[2]));
                return "feedpage " + page.size() + " " + (System.nanoTime() - t0);
            }
            case "jit":
                // Milliseconds the JIT compilers have worked so far (a warm-up is over when it stops growing).
                return "jit "
                        + java.lang.management.ManagementFactory.getCompilationMXBean()
                                .getTotalCompilationTime();
            case "memory": {
                Runtime rt = Runtime.getRuntime();
                return "memory " + (rt.totalMemory() - rt.freeMemory()) + " " + rt.maxMemory();
            }
            case "heapreset":
                heap.reset();
                return "ok";
            case "heap":
                return "heap " + heap.peakUsed() + " " + heap.liveNow();
            case "net": {
                org.scurry.swarm.spi.TransportStats t = node.transportStats();
                return "net " + t.queuedBytes() + " " + t.peakQueuedBytes() + " " + t.stalledLinks() + " "
                        + t.overBudgetLinks() + " " + t.refusedConnections() + " " + node.requestFloods();
            }
            case "post": {
                long n = Long.parseLong(w[1]);
                long seq = node.store().latestSeq(node.id());
                while (seq < n) {
                    seq = node.post("bench post " + (seq + 1), null).seq();
                }
                return "posted " + seq;
            }
            case "relay": {
                org.scurry.swarm.spi.RelayStats r = node.relayStats();
                return "relay " + r.tunnels() + " " + r.tunnelsOpened() + " " + r.bytesRelayed() + " "
                        + r.tunnelLinks();
            }
            case "quit":
                return null;
            default:
                return "error unknown command " + w[0];
        }
    }

    /** Reads {@code pages} timeline pages of {@code limit} entries over the first {@code k} held feeds. */
    private static String timeline(Node node, int k, int limit, int pages) {
        List<FeedId> feeds = new ArrayList<>();
        for (Map.Entry<FeedId, Long> e : node.store().clock().entrySet()) {
            if (feeds.size() == k) {
                break;
            }
            feeds.add(e.getKey());
        }
        long t0 = System.nanoTime();
        int read = 0;
        TimelinePage page = node.store().timeline(feeds, null, limit);
        read += page.entries().size();
        for (int i = 1; i < pages && page.next() != null; i++) {
            page = node.store().timeline(feeds, page.next(), limit);
            read += page.entries().size();
        }
        return "timeline " + read + " " + (System.nanoTime() - t0);
    }

    /** Checks that the feed is a contiguous chain 1..n of valid entries; answers "verified n". */
    private static String verify(Node node, FeedId feed) {
        EntryValidator validator = new EntryValidator();
        long expected = 1;
        Entry previous = null;
        while (true) {
            List<Entry> page = node.store().range(feed, expected, Long.MAX_VALUE, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (Entry e : page) {
                if (e.seq() != expected) {
                    return "broken gap at " + expected;
                }
                validator.validate(e);
                if (previous != null && !e.prev().orElseThrow().equals(previous.id())) {
                    return "broken prev at " + e.seq();
                }
                previous = e;
                expected++;
            }
        }
        return "verified " + (expected - 1);
    }
}
