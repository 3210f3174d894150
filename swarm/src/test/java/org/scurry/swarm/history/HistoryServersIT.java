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
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.testkit.TcpSwarm;
import org.scurry.swarm.testkit.TestSwarm;
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
        await().atMost(Duration.ofSeconds(20))
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
        await().atMost(Duration.ofSeconds(20)).until(() -> late.historyServers().size() == 3);
        assertWholeHistory(late, feed);
        for (Node c : clients) {
            assertThat(c.store().latestSeq(feed)).isEqualTo(UPDATES);
        }
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
                .atMost(Duration.ofSeconds(5))
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
