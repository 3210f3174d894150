package org.scurry.swarm.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.store.PgStore;
import org.scurry.testkit.PostgresServer;
import org.scurry.testkit.TcpSwarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history takeover of {@link HistoryServersIT} with the history servers on PostgreSQL: a real
 * server (testkit's {@link PostgresServer}), two history servers on two databases of it, each feed
 * kept by one of them ({@code copies = 1}); an author and two clients keeping a window on H2, over
 * TCP on loopback. The feed's server is killed; the other takes the feed over, fetches its whole
 * history into its database, receipts it, and a reader linked only to it reads every entry.
 */
class HistoryServersPgIT {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryServersPgIT.class);
    static final int UPDATES = 1200;
    static final int WINDOW = 200;
    static final HistoryConfig HISTORY = HistoryConfig.defaults()
            .withCopies(1)
            .withWindow(WINDOW)
            .withTimes(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500));
    static final UnaryOperator<NodeConfig> CLIENT = c -> c.withHistory(HISTORY);
    static final UnaryOperator<NodeConfig> SERVER = c -> c.withHistory(HISTORY.asServer(true));

    @TempDir
    Path dir;

    private PostgresServer postgres;
    private TcpSwarm swarm;

    @BeforeEach
    void start() {
        postgres = PostgresServer.forTest();
        postgres.createDatabase("history0");
        postgres.createDatabase("history1");
        swarm = new TcpSwarm(dir, name -> name.startsWith("history") ? PgStore.open(postgres.location(name)) : null);
    }

    @AfterEach
    void stop() {
        if (swarm != null) {
            swarm.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theFeedsServerIsKilledAndTheOtherOnItsOwnDatabaseTakesTheWholeHistoryOver() throws Exception {
        List<Node> servers = new ArrayList<>();
        servers.add(swarm.node("history0", SERVER));
        servers.add(swarm.node("history1", SERVER, servers.get(0)));
        assertThat(servers).allMatch(s -> s.store() instanceof PgStore);
        Node author = swarm.node("author", CLIENT, servers.toArray(Node[]::new));
        List<Node> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clients.add(swarm.node("client" + i, CLIENT, author, servers.get(i)));
        }
        for (int i = 1; i <= UPDATES; i++) {
            author.post("update " + i, null);
        }
        FeedId feed = author.id();
        for (Node c : clients) {
            c.follow(feed);
        }
        Node keeper = HistoryTest.assigned(feed, servers, 1).get(0);
        Node other = servers.get(0) == keeper ? servers.get(1) : servers.get(0);
        String otherDb = other == servers.get(0) ? "history0" : "history1";
        await().atMost(Duration.ofSeconds(60)).until(() -> holdsWhole(keeper, feed));
        // The clients prune to their window once the keeper has receipted the feed.
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream()
                .allMatch(c -> c.store().oldestSeq(feed) == UPDATES - WINDOW + 1
                        && c.store().latestSeq(feed) == UPDATES));
        assertThat(other.archived()).doesNotContain(feed);

        long killed = System.nanoTime();
        keeper.close();
        await().atMost(Duration.ofSeconds(60)).until(() -> other.archived().contains(feed));
        await().atMost(Duration.ofSeconds(60)).until(() -> holdsWhole(other, feed));
        LOG.info(
                "takeover on PostgreSQL: the whole feed in the other database {} ms after the kill",
                (System.nanoTime() - killed) / 1_000_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> other.receipts(feed).stream()
                .anyMatch(r -> r.server().equals(other.id()) && r.seq() == UPDATES && r.verifies()));

        // It is in that database, as rows: read with a connection of our own.
        try (Connection c = postgres.connect(otherDb);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(seq), MAX(seq) FROM entries e"
                        + " JOIN feeds f ON f.feed_no = e.feed_no WHERE f.author_key = decode('"
                        + java.util.HexFormat.of().formatHex(feed.toBytes()) + "', 'hex')")) {
            rs.next();
            assertThat(Map.of("count", rs.getLong(1), "min", rs.getLong(2), "max", rs.getLong(3)))
                    .isEqualTo(Map.of("count", (long) UPDATES, "min", 1L, "max", (long) UPDATES));
        }

        // Nothing was lost: a reader linked only to the survivor reads all of it.
        Node late = swarm.node("late", CLIENT, other);
        await().atMost(Duration.ofSeconds(60)).until(() -> late.historyServers().size() == 1);
        List<Entry> all = HistoryTest.readWhole(late, feed, 500);
        assertThat(all).hasSize(UPDATES);
        EntryValidator v = new EntryValidator();
        for (int i = 0; i < all.size(); i++) {
            Entry e = all.get(i);
            v.validate(e);
            assertThat(e.seq()).isEqualTo(i + 1L);
            if (i > 0) {
                assertThat(e.prev()).contains(all.get(i - 1).id());
            }
        }
        assertThat(all.get(UPDATES - 1).contentText()).contains("update " + UPDATES);
    }

    static boolean holdsWhole(Node n, FeedId feed) {
        return n.store().oldestSeq(feed) == 1 && n.store().latestSeq(feed) == UPDATES;
    }
}
