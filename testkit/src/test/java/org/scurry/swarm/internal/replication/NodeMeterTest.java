package org.scurry.swarm.internal.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.CatchUp;
import org.scurry.swarm.Node;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.Store;
import org.scurry.testkit.ForgingStore;
import org.scurry.testkit.TestSwarm;

/** What a node tells its {@link NodeMeter}, and its {@link CatchUp}, on the in-memory network. */
class NodeMeterTest {
    /** Counts what it is told. */
    static final class Counts implements NodeMeter {
        final AtomicLong received = new AtomicLong();
        final AtomicLong verified = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong stored = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong appends = new AtomicLong();
        final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

        @Override
        public void received(int n) {
            received.addAndGet(n);
        }

        @Override
        public void verified(int n) {
            verified.addAndGet(n);
        }

        @Override
        public void refused(String reason, int n) {
            refused.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(n);
        }

        @Override
        public void duplicates(int n) {
            duplicates.addAndGet(n);
        }

        @Override
        public void stored(int n) {
            stored.addAndGet(n);
        }

        @Override
        public void sent(int n) {
            sent.addAndGet(n);
        }

        @Override
        public void appended(int entries, long nanos) {
            assertThat(nanos).isNotNegative();
            appends.incrementAndGet();
        }

        long refused(String... reasons) {
            long sum = 0;
            for (String r : reasons) {
                sum += refused.getOrDefault(r, new AtomicLong()).get();
            }
            return sum;
        }

        /** The accounting NodeMeter promises: every entry received ends in one place. */
        boolean balanced() {
            long checks = refused(
                    "malformed",
                    "bad_signature",
                    "too_large",
                    "future_timestamp",
                    "bad_kind",
                    "bad_content",
                    "bad_seq",
                    "unwanted",
                    "bad_chunk");
            long chain = refused("gap", "bad_prev", "fork", "store_unavailable", "store_error");
            return received.get() == verified.get() + checks
                    && verified.get() == stored.get() + duplicates.get() + chain;
        }
    }

    private Node node(TestSwarm swarm, Store store, NodeMeter meter, Node... peers) {
        List<String> addresses =
                java.util.Arrays.stream(peers).map(TestSwarm::address).toList();
        return Node.builder(TestSwarm.testConfig().withBootstrapPeers(addresses))
                .identity(Ed25519Signer.generate())
                .store(store)
                .transport(swarm.network().factory())
                .meter(meter)
                .start();
    }

    @Test
    void whatOneNodeSendsTheOtherReceivesVerifiesAndStores() {
        try (TestSwarm swarm = new TestSwarm()) {
            Counts aCounts = new Counts();
            Counts bCounts = new Counts();
            Node a = node(swarm, new MemoryStore(), aCounts);
            for (int i = 1; i <= 40; i++) {
                a.post("post " + i, null);
            }
            try (Node b = node(swarm, new MemoryStore(), bCounts, a)) {
                b.follow(a.id());
                await().atMost(Duration.ofSeconds(60)).until(() -> TestSwarm.holdsUpTo(b, a.id(), 40));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> bCounts.received.get() == aCounts.sent.get() && bCounts.balanced());

                assertThat(bCounts.stored.get()).isEqualTo(40);
                assertThat(bCounts.refused)
                        .allSatisfy(
                                (reason, n) -> assertThat(n.get()).as(reason).isZero());
                assertThat(aCounts.appends.get())
                        .as("a's own posts were appended, and timed")
                        .isPositive();
                assertThat(aCounts.stored.get())
                        .as("own posts are not counted as stored from peers")
                        .isZero();
            } finally {
                a.close();
            }
        }
    }

    @Test
    void aForgedEntryIsCountedAsRefusedForItsSignature() {
        try (TestSwarm swarm = new TestSwarm()) {
            Counts bCounts = new Counts();
            Ed25519Signer author = Ed25519Signer.generate();
            MemoryStore real = new MemoryStore();
            Node a = Node.builder(TestSwarm.testConfig())
                    .identity(author)
                    .store(ForgingStore.over(real, org.scurry.swarm.FeedId.of(author.publicKey())))
                    .transport(swarm.network().factory())
                    .start();
            for (int i = 1; i <= 30; i++) {
                a.post("post " + i, null);
            }
            try (Node b = node(swarm, new MemoryStore(), bCounts, a)) {
                b.follow(a.id());
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> bCounts.refused("bad_signature") >= 1 && bCounts.balanced());
                assertThat(b.store().latestSeq(a.id()))
                        .as("nothing past the forged entry is stored")
                        .isLessThan(30);
            } finally {
                a.close();
            }
        }
    }

    @Test
    void catchUpLagIsWhatALinkedPeerHoldsBeyondTheHeadHere() throws Exception {
        try (TestSwarm swarm = new TestSwarm()) {
            Node a = swarm.node();
            for (int i = 1; i <= 25; i++) {
                a.post("post " + i, null);
            }
            CountDownLatch open = new CountDownLatch(1);
            Store gated = gated(new MemoryStore(), open);
            try (Node b = node(swarm, gated, NodeMeter.NONE, a)) {
                b.follow(a.id());
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> b.catchUp().groups().get("followed").entries() == 25);
                CatchUp behind = b.catchUp();
                assertThat(behind.groups().get("followed")).isEqualTo(new CatchUp.Group(1, 1, 25));
                assertThat(behind.groups().get("own").feeds()).isEqualTo(1);
                assertThat(behind.groups()).containsOnlyKeys(CatchUp.GROUPS);

                open.countDown();
                await().atMost(Duration.ofSeconds(60)).until(() -> TestSwarm.holdsUpTo(b, a.id(), 25));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> b.catchUp().groups().get("followed").equals(new CatchUp.Group(1, 0, 0)));
            }
        }
    }

    /** A store whose appends of replicated entries wait for {@code open}. */
    private static Store gated(Store real, CountDownLatch open) {
        return (Store) Proxy.newProxyInstance(
                Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
                    if (method.getName().equals("appendAllDeferred")) {
                        open.await(60, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
