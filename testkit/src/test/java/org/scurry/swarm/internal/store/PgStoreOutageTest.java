package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.StoreLocation;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.testkit.PostgresServer;
import org.scurry.testkit.TestFeed;

/**
 * PgStore when its database goes away or refuses writes, on a real server that the test stops
 * abruptly ({@code pg_ctl stop -m immediate}, as a crash) and starts again, or turns read-only: the
 * store refuses writes with the reason, is not ready meanwhile, answers what its head cache knows,
 * and takes writes again by itself once the server does, with nothing acknowledged lost.
 */
class PgStoreOutageTest {
    private PostgresServer server;
    private StoreLocation location;
    private PgStore store;

    @BeforeEach
    void start() {
        server = PostgresServer.forTest();
        location = server.createDatabase("outage");
        store = PgStore.open(location);
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStoppedServerMakesItDegradedAndItRecoversWithoutARestartWhenTheServerIsBack() {
        TestFeed alice = TestFeed.create();
        List<Entry> acknowledged = new ArrayList<>(alice.posts(50));
        store.appendAll(acknowledged);

        server.stopAbruptly();
        Entry refused = alice.post("while the database is down");
        assertThatThrownBy(() -> store.append(refused))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("the database at " + location.url() + " cannot be reached");
        assertThat(store.health().ready()).isFalse();
        assertThat(store.health().reason()).contains("cannot be reached");
        // the head cache answers; reading entries needs the server
        assertThat(store.latestSeq(alice.id())).isEqualTo(50);
        assertThat(store.stats().entries()).isEqualTo(50);
        assertThatThrownBy(() -> store.get(alice.id(), 1)).isInstanceOf(StoreUnavailableException.class);

        server.restart();
        // nobody writes: the probe connects again and makes the store ready by itself
        await().atMost(Duration.ofSeconds(60)).until(() -> store.health().ready());
        assertThat(store.append(refused).appended()).isTrue();
        acknowledged.add(refused);
        assertThat(store.range(alice.id(), 1, 1000, 1000)).containsExactlyElementsOf(acknowledged);
    }

    @Test
    void aServerRestartBetweenTwoCallsIsNotSeenByThem() {
        TestFeed alice = TestFeed.create();
        store.appendAll(alice.posts(5));

        server.stopAbruptly();
        server.restart();
        assertThat(store.get(alice.id(), 5)).contains(alice.head()); // a read finds the old connection dead
        server.stopAbruptly();
        server.restart();
        assertThat(store.append(alice.post("six")).appended()).isTrue(); // so does a write, before its commit
        assertThat(store.health().ready()).isTrue();
        assertThat(store.latestSeq(alice.id())).isEqualTo(6);
    }

    @Test
    void aReadOnlyServerRefusesWritesWhileReadsGoOnAndWritesResumeOnceItTakesThem() {
        TestFeed alice = TestFeed.create();
        store.appendAll(alice.posts(10));

        // What a standby, or an operator keeping a full disk from filling further, does.
        readOnly(true);
        Entry refused = alice.post("while read-only");
        assertThatThrownBy(() -> store.append(refused))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("is read-only")
                // the driver's batch error quotes the INSERT with the entry's body: kept out of
                // the message, the causes and so the logs
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage()))
                                .doesNotContain("VALUES")
                                .doesNotContain("bytea");
                    }
                });
        assertThat(store.health().ready()).isFalse();
        assertThat(store.range(alice.id(), 1, 100, 100)).hasSize(10); // reads go on, same connection
        assertThat(store.latestSeq(alice.id())).isEqualTo(10);

        readOnly(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> store.health().ready());
        assertThat(store.append(refused).appended()).isTrue();
        assertThat(store.latestSeq(alice.id())).isEqualTo(11);
    }

    /**
     * pg_reload_conf() only signals the postmaster and returns; the postmaster re-reads the file and
     * signals every session later. A session takes the new value before its next command once it has
     * been signalled, so waiting until a new session sees the value is waiting until the store's
     * session was signalled too (CI failure: the append ran before the postmaster got to it).
     */
    private void readOnly(boolean on) {
        String value = on ? "on" : "off";
        server.execute("postgres", "ALTER SYSTEM SET default_transaction_read_only = " + value);
        server.execute("postgres", "SELECT pg_reload_conf()");
        await().atMost(Duration.ofSeconds(60)).until(() -> value.equals(setting("default_transaction_read_only")));
    }

    private String setting(String name) throws SQLException {
        try (Connection c = server.connect("postgres");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW " + name)) {
            r.next();
            return r.getString(1);
        }
    }
}
