package org.scurry.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.TransportFactory;

/**
 * Real nodes in one JVM: each with its own H2 store in a folder under {@code dir} (or a store the
 * test opens, such as a PostgreSQL database), linked over TCP
 * on loopback (Netty, Noise) with the fast timeouts of {@link TestSwarm#testConfig}. Lighter than
 * a process per node, for tests and benchmarks of tens of nodes. Close it to stop every node.
 */
public final class TcpSwarm implements AutoCloseable {
    private final Path dir;
    private final Function<String, Store> stores;
    private final List<Node> nodes = new ArrayList<>();

    public TcpSwarm(Path dir) {
        this.dir = dir;
        this.stores = name -> H2Store.open(storeDir(name));
    }

    /**
     * Nodes whose stores {@code stores} opens, given the node's name (e.g. a PostgreSQL database
     * per history server); H2 in {@code dir/name/store} for the names it returns null for.
     */
    public TcpSwarm(Path dir, Function<String, Store> stores) {
        this.dir = dir;
        this.stores = name -> {
            Store s = stores.apply(name);
            return s != null ? s : H2Store.open(storeDir(name));
        };
    }

    /** A new node in {@code dir/name} with a fresh identity, linked to {@code peers}. */
    public Node node(String name, UnaryOperator<NodeConfig> change, Node... peers) {
        return node(name, Ed25519Signer.generate(), change, store -> store, NettyTransport::new, peers);
    }

    /**
     * A node with a given identity, its store wrapped by {@code wrap} (a test may make it lie),
     * on transports made by {@code transports} (e.g. {@link UploadThrottle#transports}).
     */
    public Node node(
            String name,
            Ed25519Signer identity,
            UnaryOperator<NodeConfig> change,
            Function<Store, Store> wrap,
            TransportFactory transports,
            Node... peers) {
        List<String> addresses = new ArrayList<>();
        for (Node p : peers) {
            addresses.add(TestSwarm.address(p));
        }
        Path data = dir.resolve(name);
        NodeConfig config = change.apply(NodeConfig.defaults(data)
                        .withListen("127.0.0.1", 0)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1))
                        .withDiscoveredPeers(0))
                .withBootstrapPeers(addresses);
        Store store = stores.apply(name);
        try {
            Node n = Node.builder(config)
                    .identity(identity)
                    .store(wrap.apply(store))
                    .transport(transports)
                    .start();
            nodes.add(n);
            return n;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Where {@code name}'s store lives. */
    public Path storeDir(String name) {
        return dir.resolve(name).resolve("store");
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
