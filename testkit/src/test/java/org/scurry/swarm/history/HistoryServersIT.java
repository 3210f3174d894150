package org.scurry.swarm.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.history.Rendezvous;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.testkit.TcpSwarm;
import org.scurry.testkit.TestSwarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history acceptance of issue 4 on real parts: 26 nodes in one JVM, each with an H2 store in a
 * temp folder, linked over TCP on loopback. Five history servers, twenty clients keeping a window
 * of 200, one author posting 1,700 updates; a stranger reads the whole history; two of the three
 * assigned servers are killed and the ranking's next ones take over. Waits are generous bounds for
 * a busy machine; the takeover time itself is measured by {@code bench/run.sh --only history}.
 */
class HistoryServersIT {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryServersIT.class);
    static final int UPDATES = 1700;
    static final int WINDOW = 200;
    static final HistoryConfig HISTORY = HistoryConfig.defaults()
            .withWindow(WINDOW)
            .withTimes(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500));
    static final UnaryOperator<NodeConfig> CLIENT = c -> c.withHistory(HISTORY);
    static final UnaryOperator<NodeConfig> SERVER = c -> c.withHistory(HISTORY.asServer(true));

    @TempDir
    Path dir;

    private TcpSwarm swarm;

    @AfterEach
    void stop() {
        if (swarm != null) {
            swarm.close();
        }
    }

    @Test
    void fiveServersKeepTheHistoryTwentyClientsKeepAWindowAndTakeoverLosesNothing() {
        swarm = new TcpSwarm(dir);
        List<Node> servers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            servers.add(swarm.node("server" + i, SERVER, servers.toArray(Node[]::new)));
        }
        Node author = swarm.node("author", CLIENT, servers.get(0));
        List<Node> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clients.add(swarm.node("client" + i, CLIENT, author, servers.get(i % 5)));
        }
        for (int i = 1; i <= UPDATES; i++) {
            author.post("update " + i, null);
        }
        // Followers catch up once the feed is written (live, each entry would be one store write
        // on each of 20 nodes sharing this machine's cores); then they prune to their window.
        for (Node c : clients) {
            c.follow(author.id());
        }
        FeedId feed = author.id();
        List<Node> top3 = HistoryTest.assigned(feed, servers, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> top3.stream().allMatch(s -> holdsAll(s, feed)));
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream()
                .allMatch(c -> c.store().oldestSeq(feed) == UPDATES - WINDOW + 1
                        && c.store().latestSeq(feed) == UPDATES));
        for (Node c : clients) {
            assertThat(c.store().stats().entries()).isLessThan(UPDATES / 5);
            assertThat(c.receipts(feed)).isNotEmpty().allMatch(CustodyReceipt::verifies);
        }

        // A client that never saw the author reads the whole history, every entry verified.
        Node stranger = swarm.node("stranger", CLIENT, servers.toArray(Node[]::new));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> stranger.historyServers().size() == 5);
        assertWholeHistory(stranger, feed);

        // Two of the three assigned servers die: the ranking's next ones take the feed over.
        long killed = System.nanoTime();
        top3.get(0).close();
        top3.get(1).close();
        List<Node> live = new ArrayList<>(servers);
        live.removeAll(top3.subList(0, 2));
        List<Node> next3 = HistoryTest.assigned(feed, live, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> next3.stream().allMatch(s -> holdsAll(s, feed)));
        LOG.info(
                "takeover: three live full copies again {} ms after the kill",
                (System.nanoTime() - killed) / 1_000_000);
        assertThat(next3).contains(top3.get(2));
        assertThat(next3).allMatch(s -> s.archived().contains(feed));

        // Nothing was lost: a new reader linked only to the survivors reads all of it again.
        Node late = swarm.node("late", CLIENT, live.toArray(Node[]::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> late.historyServers().size() == 3);
        assertWholeHistory(late, feed);
        for (Node c : clients) {
            assertThat(c.store().latestSeq(feed)).isEqualTo(UPDATES);
        }
    }

    /**
     * Issue 14, item 5: a fourth server pushes one of a feed's three servers out, which releases the
     * feed and prunes it to the window; when the fourth dies the feed is assigned back, and the
     * returning server must fetch back the past it pruned (not only the new head) before it signs
     * receipts again, so the feed has three whole copies again and the copies figure says so.
     */
    @Test
    void aServerPushedOutAndAssignedBackFetchesThePastItPrunedAndTheFeedHasThreeCopiesAgain() {
        swarm = new TcpSwarm(dir);
        List<Node> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(swarm.node("server" + i, SERVER, servers.toArray(Node[]::new)));
        }
        Node author = swarm.node("author", CLIENT, servers.toArray(Node[]::new));
        FeedId feed = author.id();
        int first = 3 * WINDOW;
        for (int i = 1; i <= first; i++) {
            author.post("update " + i, null);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> servers.stream().allMatch(s -> holdsWhole(s, feed, first)));

        // A fourth server ranking among the feed's top three pushes one of the three out; after
        // the grace time that one releases the feed and prunes it to the window.
        Ed25519Signer key = keyRankingAmongTop3(feed, servers);
        List<Node> linked = new ArrayList<>(servers);
        linked.add(author);
        Node fourth = swarm.node("server3", key, SERVER, s -> s, NettyTransport::new, linked.toArray(Node[]::new));
        List<Node> four = new ArrayList<>(servers);
        four.add(fourth);
        List<Node> top3 = HistoryTest.assigned(feed, four, 3);
        assertThat(top3).contains(fourth);
        Node pushed =
                servers.stream().filter(s -> !top3.contains(s)).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> holdsWhole(fourth, feed, first) && pushed.store().oldestSeq(feed) > 1);
        assertThat(pushed.archived()).doesNotContain(feed);
        LOG.info(
                "the pushed-out server pruned the feed to seq {}..{}",
                pushed.store().oldestSeq(feed),
                first);

        // The author posts on, more than a window, while that server does not replicate the feed.
        int total = first + WINDOW + 50;
        for (int i = first + 1; i <= total; i++) {
            author.post("update " + i, null);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> top3.stream().allMatch(s -> holdsWhole(s, feed, total)));

        // The fourth dies: the feed is assigned back to the server it pushed out.
        fourth.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> pushed.archived().contains(feed));
        await().atMost(Duration.ofSeconds(60)).until(() -> holdsWhole(pushed, feed, total));
        List<Entry> chain = pushed.store().range(feed, 1, total, total);
        assertThat(chain).hasSize(total);
        EntryValidator v = new EntryValidator();
        for (int i = 0; i < total; i++) {
            v.validate(chain.get(i));
            assertThat(chain.get(i).seq()).isEqualTo(i + 1L);
            if (i > 0) {
                assertThat(chain.get(i).prev()).contains(chain.get(i - 1).id());
            }
        }
        // It signs custody receipts for the feed again, and every server and the author count three copies.
        await().atMost(Duration.ofSeconds(30)).until(() -> pushed.receipts(feed).stream()
                .anyMatch(r -> r.server().equals(pushed.id()) && r.seq() == total && r.verifies()));
        for (Node n : List.of(servers.get(0), servers.get(1), servers.get(2), author)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> n.copies(feed) == 3);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> pushed.status().history().minCopies() == 3);
        CustodyStatus custody = pushed.status().history();
        LOG.info("copies on the returning server: {}", custody);
        assertThat(custody.copiesWanted()).isEqualTo(3);
        assertThat(custody.archived()).isGreaterThanOrEqualTo(1);
        assertThat(custody.whole()).isEqualTo(custody.archived());
        assertThat(custody.restoring()).isZero();
        assertThat(custody.copies()).containsOnlyKeys(3);
        assertThat(custody.fewest()).isEmpty();
    }

    /** A new server key that ranks among the top three of {@code feed} with {@code servers}. */
    private static Ed25519Signer keyRankingAmongTop3(FeedId feed, List<Node> servers) {
        long capacity = HISTORY.capacity();
        for (int i = 0; i < 1000; i++) {
            Ed25519Signer key = Ed25519Signer.generate();
            FeedId id = FeedId.of(key.publicKey());
            List<HistoryServer> live = new ArrayList<>();
            for (Node s : servers) {
                live.add(new HistoryServer(s.id(), "", capacity));
            }
            live.add(new HistoryServer(id, "", capacity));
            if (Rendezvous.top(feed, live, 3).stream().anyMatch(s -> s.id().equals(id))) {
                return key;
            }
        }
        throw new AssertionError("no key among 1,000 ranks among the top three (the ranking is not uniform?)");
    }

    static boolean holdsWhole(Node n, FeedId feed, long head) {
        return n.store().oldestSeq(feed) == 1 && n.store().latestSeq(feed) == head;
    }

    @Test
    void aClientRefusesToPruneEntriesNoServerHasReceipted() {
        swarm = new TcpSwarm(dir);
        Node author = swarm.node("author", CLIENT);
        Node client = swarm.node("client", CLIENT, author);
        client.follow(author.id());
        for (int i = 1; i <= 2 * WINDOW; i++) {
            author.post("update " + i, null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TestSwarm.holdsUpTo(client, author.id(), 2 * WINDOW));
        // Pruning runs every 500 ms; without a history server nothing is receipted, nothing goes.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(60))
                .until(() -> client.store().oldestSeq(author.id()) == 1);
        assertThatThrownBy(() -> client.prune(author.id(), WINDOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no history server has receipted entries after seq 0");
        assertThat(client.store().range(author.id(), 1, 2 * WINDOW, 2 * WINDOW)).hasSize(2 * WINDOW);
    }

    static boolean holdsAll(Node n, FeedId feed) {
        return n.store().oldestSeq(feed) == 1 && n.store().latestSeq(feed) == UPDATES;
    }

    /** Reads the feed page by page through the node's API and checks every entry and link. */
    static void assertWholeHistory(Node reader, FeedId feed) {
        List<Entry> all = HistoryTest.readWhole(reader, feed, 1000);
        assertThat(all).hasSize(UPDATES);
        EntryValidator v = new EntryValidator();
        for (int i = 0; i < all.size(); i++) {
            Entry e = all.get(i);
            assertThat(e.seq()).isEqualTo(i + 1L);
            assertThat(e.author()).isEqualTo(feed);
            v.validate(e);
            if (i > 0) {
                assertThat(e.prev()).contains(all.get(i - 1).id());
            }
        }
        assertThat(all.get(UPDATES - 1).contentText()).contains("update " + UPDATES);
    }
}
