package org.scurry.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.store.MemoryStore;

/**
 * Builds swarms of nodes in one JVM on a {@link MemoryNetwork} with in-memory stores, with fast
 * timeouts so tests run in seconds. Close it to stop every node.
 */
public final class TestSwarm implements AutoCloseable {
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<Node> nodes = new ArrayList<>();
    private final UnaryOperator<NodeConfig> tweak;

    public TestSwarm() {
        this(c -> c);
    }

    public TestSwarm(UnaryOperator<NodeConfig> tweak) {
        this.tweak = tweak;
    }

    /** Fast settings for tests: 1 s source timeout, 100 ms..1 s reconnect, no discovery dialling. */
    public static NodeConfig testConfig() {
        return NodeConfig.defaults(Path.of("unused"))
                .withListen("127.0.0.1", 0)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1))
                .withDiscoveredPeers(0);
    }

    public MemoryNetwork network() {
        return network;
    }

    /** A new node with a fresh identity, linked to the given peers. */
    public Node node(Node... peers) {
        return node(Ed25519Signer.generate(), peers);
    }

    public Node node(Ed25519Signer identity, Node... peers) {
        return node(identity, new MemoryStore(), c -> c, peers);
    }

    /** A node with its own identity, store and settings (applied after the swarm's tweak). */
    public Node node(
            Ed25519Signer identity, org.scurry.swarm.spi.Store store, UnaryOperator<NodeConfig> change, Node... peers) {
        List<String> addresses = new ArrayList<>();
        for (Node p : peers) {
            addresses.add(address(p));
        }
        NodeConfig config = change.apply(tweak.apply(testConfig())).withBootstrapPeers(addresses);
        Node n = Node.builder(config)
                .identity(identity)
                .store(store)
                .transport(network.factory())
                .start();
        nodes.add(n);
        return n;
    }

    /** Fast history settings: heartbeats every 200 ms, 1 s liveness, 1 s grace, pruning every 200 ms. */
    public static org.scurry.swarm.history.HistoryConfig fastHistory() {
        return org.scurry.swarm.history.HistoryConfig.defaults()
                .withTimes(
                        Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(200));
    }

    public static String address(Node n) {
        return "127.0.0.1:" + n.swarmAddress().getPort();
    }

    /** Cuts the links between two nodes until {@link MemoryNetwork#heal}. */
    public void split(Node a, Node b) {
        network.split(a.id(), b.id());
    }

    public static boolean holdsUpTo(Node n, FeedId feed, long seq) {
        return n.store().latestSeq(feed) >= seq;
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                // already closed by the test
            }
        }
    }
}
