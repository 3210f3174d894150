package org.scurry.swarm.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.history.Rendezvous;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.swarm.spi.Store;
import org.scurry.testkit.ForgingStore;
import org.scurry.testkit.TestFeed;
import org.scurry.testkit.TestSwarm;

/** History servers, custody and pruning, takeover and ranges on an in-memory swarm (docs/history.md). */
class HistoryTest {
    private static final UnaryOperator<NodeConfig> CLIENT =
            c -> c.withHistory(TestSwarm.fastHistory().withWindow(30));
    private static final UnaryOperator<NodeConfig> SERVER =
            c -> c.withHistory(TestSwarm.fastHistory().withWindow(30).asServer(true));

    private final TestSwarm swarm = new TestSwarm();

    @AfterEach
    void stop() {
        swarm.close();
    }

    private final java.util.Map<FeedId, Ed25519Signer> keys = new java.util.HashMap<>();

    private List<Node> servers(int n) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Ed25519Signer key = Ed25519Signer.generate();
            keys.put(FeedId.of(key.publicKey()), key);
            out.add(swarm.node(key, new MemoryStore(), SERVER, out.toArray(Node[]::new)));
        }
        return out;
    }

    private static boolean holdsAll(Node n, FeedId feed, long seq) {
        return n.store().oldestSeq(feed) == 1 && n.store().latestSeq(feed) == seq;
    }

    static List<Node> assigned(FeedId feed, List<Node> live, int k) {
        List<HistoryServer> s = new ArrayList<>();
        for (Node n : live) {
            s.add(new HistoryServer(n.id(), "", n.config().history().capacity()));
        }
        List<Node> out = new ArrayList<>();
        for (HistoryServer top : Rendezvous.top(feed, s, k)) {
            out.add(live.stream()
                    .filter(n -> n.id().equals(top.id()))
                    .findFirst()
                    .orElseThrow());
        }
        return out;
    }

    @Test
    void assignedServersArchiveAFeedAndClientsPruneToTheirWindowOnceReceipted() {
        List<Node> servers = servers(4);
        Node author = swarm.node(Ed25519Signer.generate(), new MemoryStore(), CLIENT, servers.get(0));
        Node client = swarm.node(Ed25519Signer.generate(), new MemoryStore(), CLIENT, author, servers.get(1));
        client.follow(author.id());
        for (int i = 1; i <= 120; i++) {
            author.post("update " + i, null);
        }
        List<Node> top3 = assigned(author.id(), servers, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> top3.stream().allMatch(s -> holdsAll(s, author.id(), 120)));
        for (Node s : servers) {
            assertThat(s.archived().contains(author.id())).isEqualTo(top3.contains(s));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.store().oldestSeq(author.id()) == 91
                        && client.store().latestSeq(author.id()) == 120);
        assertThat(client.receipts(author.id())).isNotEmpty().allMatch(CustodyReceipt::verifies);
        assertThat(author.store().oldestSeq(author.id())).isEqualTo(1); // own feed kept whole

        // The pruned past reads back through history servers, verified, newest first.
        List<Entry> page = client.feed(author.id(), 91, 1000);
        assertThat(page)
                .extracting(Entry::seq)
                .startsWith(90L, 89L)
                .endsWith(1L)
                .hasSize(90);
        assertThat(client.store().oldestSeq(author.id())).isEqualTo(91); // read, not stored

        // A node that never saw the author reads the whole feed from the servers.
        Node stranger = swarm.node(Ed25519Signer.generate(), new MemoryStore(), CLIENT, servers.toArray(Node[]::new));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> stranger.historyServers().size() == 4);
        List<Entry> all = readWhole(stranger, author.id());
        assertThat(all).extracting(Entry::seq).containsExactlyElementsOf(seqs(120));
        EntryValidator v = new EntryValidator();
        for (int i = 0; i < all.size(); i++) {
            v.validate(all.get(i));
            if (i > 0) {
                assertThat(all.get(i).prev()).contains(all.get(i - 1).id());
            }
        }
    }

    static List<Entry> readWhole(Node reader, FeedId feed) {
        return readWhole(reader, feed, 50);
    }

    static List<Entry> readWhole(Node reader, FeedId feed, int pageSize) {
        List<Entry> newestFirst = new ArrayList<>();
        long before = Long.MAX_VALUE;
        while (true) {
            List<Entry> page = reader.feed(feed, before, pageSize);
            if (page.isEmpty()) {
                break;
            }
            newestFirst.addAll(page);
            before = page.get(page.size() - 1).seq();
        }
        List<Entry> ascending = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(ascending);
        return ascending;
    }

    static List<Long> seqs(long n) {
        List<Long> out = new ArrayList<>();
        for (long s = 1; s <= n; s++) {
            out.add(s);
        }
        return out;
    }

    @Test
    void aClientRefusesToPruneEntriesNoServerHasReceipted() {
        Node author = swarm.node(Ed25519Signer.generate(), new MemoryStore(), CLIENT);
        Node client = swarm.node(Ed25519Signer.generate(), new MemoryStore(), CLIENT, author);
        client.follow(author.id());
        for (int i = 1; i <= 50; i++) {
            author.post("update " + i, null);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> TestSwarm.holdsUpTo(client, author.id(), 50));
        // pruning runs every 200 ms with a window of 30, but nothing is receipted
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(60))
                .until(() -> client.store().oldestSeq(author.id()) == 1);
        assertThatThrownBy(() -> client.prune(author.id(), 21))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no history server has receipted");
        assertThatThrownBy(() -> client.prune(client.id(), 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("own feeds are never pruned");
        assertThat(client.store().stats().entries()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void whenTwoAssignedServersDieTheNextTakeOverAndAReturningOneEndsTheSurplusCopy() {
        List<Node> servers = servers(5);
        Node author = swarm.node(Ed25519Signer.generate(), new MemoryStore(), CLIENT, servers.get(0));
        for (int i = 1; i <= 80; i++) {
            author.post("update " + i, null);
        }
        List<Node> top3 = assigned(author.id(), servers, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> top3.stream().allMatch(s -> holdsAll(s, author.id(), 80)));
        Node first = top3.get(0);
        Ed25519Signer firstKey = keys.get(first.id());
        Store firstStore = first.store();
        List<Node> live = new ArrayList<>(servers);
        live.remove(top3.get(0));
        live.remove(top3.get(1));
        top3.get(0).close();
        top3.get(1).close();
        List<Node> next3 = assigned(author.id(), live, 3);
        assertThat(next3).contains(top3.get(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> next3.stream().allMatch(s -> holdsAll(s, author.id(), 80)));
        assertThat(next3).allMatch(n -> n.archived().contains(author.id()));

        // The first server comes back with its store: after the grace time, the server that ranks
        // fourth again releases its copy.
        Node back = swarm.node(firstKey, firstStore, SERVER, live.toArray(Node[]::new));
        live.add(back);
        List<Node> now3 = assigned(author.id(), live, 3);
        assertThat(now3).contains(back);
        Node surplus = next3.stream().filter(n -> !now3.contains(n)).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> !surplus.archived().contains(author.id()));
        assertThat(now3).allMatch(n -> n.archived().contains(author.id()));
        assertThat(holdsAll(back, author.id(), 80)).isTrue();
        // Released means released: the surplus server prunes the feed to the window (30 here) as
        // a client would, once the assigned servers have receipted it; they keep it whole.
        await().atMost(Duration.ofSeconds(60)).until(() -> surplus.store().oldestSeq(author.id()) > 1);
        assertThat(surplus.store().oldestSeq(author.id())).isGreaterThanOrEqualTo(80 - 30 - 30 / 10);
        assertThat(surplus.store().latestSeq(author.id())).isEqualTo(80);
        assertThat(now3).allMatch(n -> holdsAll(n, author.id(), 80));
    }

    @Test
    void aServerAssignedAFeedItPrunedFetchesThePastBackAndAForgerIsExcluded() {
        TestFeed feed = TestFeed.create();
        List<Entry> chain = feed.posts(1200);
        UnaryOperator<NodeConfig> ranges =
                c -> c.withHistory(TestSwarm.fastHistory().withRanges(1000, 200));
        List<Node> honest = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            MemoryStore store = new MemoryStore();
            store.appendAll(chain);
            honest.add(swarm.node(Ed25519Signer.generate(), store, ranges));
        }
        MemoryStore real = new MemoryStore();
        real.appendAll(chain);
        Node forger = swarm.node(Ed25519Signer.generate(), ForgingStore.over(real, feed.id()), ranges);
        for (Node n : honest) {
            n.follow(feed.id());
        }
        forger.follow(feed.id());
        // A server that once released the feed and pruned it to its last 200 entries, linked at
        // first to the forger alone: the forged chunks are refused and nothing is restored.
        MemoryStore pruned = new MemoryStore();
        pruned.appendAll(chain);
        pruned.prune(feed.id(), 1001);
        Node server = swarm.node(
                Ed25519Signer.generate(),
                pruned,
                c -> c.withHistory(TestSwarm.fastHistory().withRanges(1000, 200).asServer(true)),
                forger);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> server.excludedSources(feed.id()).contains(forger.id()));
        assertThat(server.archived()).contains(feed.id());
        assertThat(server.store().oldestSeq(feed.id())).isEqualTo(1001);
        assertThat(server.receipts(feed.id())).noneMatch(r -> r.server().equals(server.id()));

        // Honest peers come: the past is fetched back from them, chunk by chunk from the top.
        for (Node n : honest) {
            server.connect(TestSwarm.address(n));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.store().oldestSeq(feed.id()) == 1);
        assertThat(server.store().range(feed.id(), 1, 1200, 1200)).containsExactlyElementsOf(chain);
        assertThat(server.excludedSources(feed.id())).containsExactly(forger.id());
        await().atMost(Duration.ofSeconds(60)).until(() -> server.receipts(feed.id()).stream()
                .anyMatch(r -> r.server().equals(server.id()) && r.seq() == 1200));
    }

    @Test
    void aGapIsFilledFromSeveralPeersAtOnceAndAForgerIsExcluded() {
        TestFeed feed = TestFeed.create();
        List<Entry> chain = feed.posts(3000);
        List<Node> honest = new ArrayList<>();
        UnaryOperator<NodeConfig> ranges =
                c -> c.withHistory(TestSwarm.fastHistory().withRanges(1000, 200));
        for (int i = 0; i < 3; i++) {
            MemoryStore store = new MemoryStore();
            store.appendAll(chain);
            honest.add(swarm.node(Ed25519Signer.generate(), store, ranges));
        }
        MemoryStore real = new MemoryStore();
        real.appendAll(chain);
        Node forger = swarm.node(Ed25519Signer.generate(), ForgingStore.over(real, feed.id()), ranges);
        for (Node n : honest) {
            n.follow(feed.id());
        }
        forger.follow(feed.id());
        List<Node> peers = new ArrayList<>(honest);
        peers.add(forger);
        Node reader = swarm.node(Ed25519Signer.generate(), new MemoryStore(), ranges, peers.toArray(Node[]::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> reader.peers().size() == 4);
        reader.follow(feed.id());

        await().atMost(Duration.ofSeconds(30)).until(() -> TestSwarm.holdsUpTo(reader, feed.id(), 3000));
        assertThat(reader.store().range(feed.id(), 1, 3000, 3000)).containsExactlyElementsOf(chain);
        assertThat(reader.excludedSources(feed.id())).containsExactly(forger.id());
        for (PeerInfo p : reader.peers()) {
            if (!p.id().equals(forger.id())) {
                assertThat(p.entriesReceived())
                        .as("entries from honest peer %s", p.id())
                        .isGreaterThan(300);
            }
        }
    }
}
