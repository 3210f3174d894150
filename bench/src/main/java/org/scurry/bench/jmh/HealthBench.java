package org.scurry.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.scurry.gateway.management.Readiness;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.NodeStatus;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.store.H2Store;

/**
 * What a readiness probe costs against what {@code GET /api/status} costs, on a node over the big
 * node's store (1,000,000 entries by default, shared with {@link TimelineBench}): {@code ready} is
 * {@link Readiness#check} as {@code /health/ready} runs it (the store's health, the swarm port, no
 * bridges), {@code apiStatus} is {@link Node#status} (counts, and a fork look-up per feed held).
 * Calls per second; the ratio of the two is the point (docs/operations.md). The HTTP round trip on
 * top is the same for both.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class HealthBench {
    Node node;
    Readiness readiness;
    Path dir;

    @Setup(Level.Trial)
    public void open() throws Exception {
        String store = System.getProperty(TimelineBench.STORE_PROPERTY);
        if (store == null) {
            throw new IllegalStateException(
                    "no store: system property " + TimelineBench.STORE_PROPERTY + " is not set");
        }
        dir = Files.createTempDirectory("health-bench");
        node = Node.builder(NodeConfig.defaults(dir).withListen("127.0.0.1", 0))
                .identity(Ed25519Signer.generate())
                .store(H2Store.open(Path.of(store).resolve("store")))
                .start();
        readiness = Readiness.of(node, List.of());
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        node.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Readiness.Result ready() {
        return readiness.check();
    }

    @Benchmark
    public NodeStatus apiStatus() {
        return node.status();
    }
}
