package org.scurry.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.store.IdentityFile;

/**
 * A swarm node as a separate process for tests: real H2 files and real TCP, driven by line
 * commands on stdin, one answer line each on stdout. Started by {@link NodeProcess}.
 *
 * <p>Arguments: {@code DATA_DIR SWARM_PORT [PEER_HOST:PORT ...]}. Commands: {@code id}, {@code post
 * TEXT}, {@code bulk N}, {@code follow FEED}, {@code seq FEED}, {@code verify FEED}, {@code peers},
 * {@code connect HOST:PORT}, {@code forked FEED}, {@code crypto} (the status line naming the Ed25519
 * library), {@code net} (the transport's counters, {@link #net}), {@code heap} (bytes of heap in use
 * after a full GC), {@code quit}. The system property {@code scurry.test.stallMillis} sets the stall
 * timeout (docs/protocol.md §4). On SIGTERM the node is closed, as the gateway does.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> peers = new ArrayList<>(List.of(args).subList(2, args.length));
        NodeConfig config = NodeConfig.defaults(Path.of(args[0]))
                .withListen("127.0.0.1", Integer.parseInt(args[1]))
                .withBootstrapPeers(peers)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2))
                .withDiscoveredPeers(0);
        String stall = System.getProperty("scurry.test.stallMillis");
        if (stall != null) {
            config = config.withLimits(config.limits().withStallTimeout(Duration.ofMillis(Long.parseLong(stall))));
        }
        try (Node node = Node.open(config)) {
            Thread hook = new Thread(node::close, "node-main-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("ready " + node.swarmAddress().getPort() + " " + node.id());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.split(" ", 2);
                try {
                    String answer = execute(node, w[0], w.length > 1 ? w[1] : "");
                    if (answer == null) {
                        out.println("bye");
                        return;
                    }
                    out.println(answer);
                } catch (RuntimeException e) {
                    out.println("error " + e.getMessage());
                }
            }
        }
    }

    private static String execute(Node node, String command, String arg) {
        switch (command) {
            case "id":
                return "id " + node.id();
            case "post":
                return "posted " + node.post(arg, null).seq();
            case "bulk":
                return "posted " + bulk(node, Integer.parseInt(arg));
            case "follow":
                node.follow(FeedId.parse(arg));
                return "ok";
            case "seq":
                return "seq " + node.store().latestSeq(FeedId.parse(arg));
            case "verify":
                return verify(node, FeedId.parse(arg));
            case "peers":
                return "peers " + node.peers().size();
            case "connect":
                node.connect(arg);
                return "ok";
            case "forked":
                return "forked " + node.fork(FeedId.parse(arg)).isPresent();
            case "crypto":
                return "crypto " + node.status().crypto();
            case "net":
                return net(node);
            case "heap": {
                System.gc();
                Runtime rt = Runtime.getRuntime();
                return "heap " + (rt.totalMemory() - rt.freeMemory());
            }
            case "quit":
                return null;
            default:
                return "error unknown command " + command;
        }
    }

    /**
     * {@code net QUEUED PEAK_QUEUED STALLED OVER_BUDGET REFUSED FLOODS}: bytes queued for peers now
     * and at most, links dropped for reading nothing and for overrunning an output budget,
     * connections refused, peers dropped for flooding requests.
     */
    private static String net(Node node) {
        org.scurry.swarm.spi.TransportStats t = node.transportStats();
        return "net " + t.queuedBytes() + " " + t.peakQueuedBytes() + " " + t.stalledLinks() + " " + t.overBudgetLinks()
                + " " + t.refusedConnections() + " " + node.requestFloods();
    }

    /**
     * Appends {@code n} posts to the node's own feed in batches of 500 (one transaction each), as
     * fast as the store allows; then tells the replicator about the newest so peers get them.
     */
    private static long bulk(Node node, int n) {
        Ed25519Signer signer = IdentityFile.loadOrCreate(node.config().dataDir().resolve("identity.key"));
        TestFeed feed = TestFeed.resume(signer, node.store().latest(node.id()).orElse(null));
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(feed.post("bulk entry " + i, System.currentTimeMillis()));
            if (batch.size() == 500 || i == n - 1) {
                node.store().appendAll(batch);
                batch.clear();
            }
        }
        // A last post through the node itself pushes the feed to linked peers.
        return node.post("bulk done", null).seq();
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
