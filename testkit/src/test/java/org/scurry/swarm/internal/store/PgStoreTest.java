package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.StoreLocation;
import org.scurry.swarm.spi.AppendResult.Status;
import org.scurry.swarm.spi.Store;
import org.scurry.testkit.PostgresServer;
import org.scurry.testkit.TestFeed;

/**
 * The store contract on a real PostgreSQL server (one per class, a new database per test), plus
 * what is PostgreSQL's own: the schema by migrations, reopening, one store per database, the
 * password kept out of messages. Degraded and recovery: {@link PgStoreOutageTest}.
 */
class PgStoreTest extends StoreContractTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    static PostgresServer server;
    private StoreLocation location;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.forTest();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Store newStore() {
        location = server.createDatabase("contract" + DATABASES.incrementAndGet());
        return PgStore.open(location);
    }

    @Test
    void everythingSurvivesCloseAndReopenWithoutReapplyingMigrations() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        List<Entry> chain = alice.posts(20);
        store.appendAll(chain);
        Entry fork = alice.forkOf(chain.get(4));
        store.append(fork);
        store.appendAll(List.of(bob.profile("Bob", "hi"), bob.follow(alice.id())));
        store.savePeerClock(bob.id(), "received", Map.of(alice.id(), 20L));
        List<Entry> more = alice.posts(2);
        store.appendAllDeferred(more);
        store.prune(alice.id(), 3);
        assertThat(((PgStore) store).migrationsApplied()).isEqualTo(Migrations.PG_ALL.size());
        store.close();

        try (PgStore reopened = PgStore.open(location)) {
            assertThat(reopened.migrationsApplied()).isZero();
            assertThat(reopened.range(alice.id(), 1, 100, 100))
                    .containsExactlyElementsOf(Stream.concat(chain.subList(2, 20).stream(), more.stream())
                            .toList());
            assertThat(reopened.oldestSeq(alice.id())).isEqualTo(3);
            assertThat(reopened.clock()).isEqualTo(Map.of(alice.id(), 22L, bob.id(), 2L));
            assertThat(reopened.fork(alice.id()).orElseThrow().rejected()).isEqualTo(fork);
            assertThat(reopened.displayName(bob.id())).contains("Bob");
            assertThat(reopened.follows(bob.id())).containsExactly(alice.id());
            assertThat(reopened.loadPeerClock(bob.id(), "received")).isEqualTo(Map.of(alice.id(), 20L));
            assertThat(reopened.stats().entries()).isEqualTo(22);
            assertThat(reopened.stats().diskBytes()).isPositive();
            assertThat(reopened.append(chain.get(0)).status()).isEqualTo(Status.DUPLICATE);
            // it keeps appending where it left off, with arrival numbers after the old ones
            assertThat(reopened.append(alice.post("after reopen")).appended()).isTrue();
            assertThat(reopened.get(alice.head().id())).contains(alice.head());
            assertThat(reopened.timeline(List.of(alice.id()), null, 1).entries())
                    .containsExactly(alice.head());
        }
    }

    /** V3 (replies and profiles) indexes, in its Java step, what a V2 database already held. */
    @Test
    void v3IndexesTheRepliesAndProfilesOfEntriesStoredBeforeIt() throws Exception {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        List<Entry> chain = alice.posts(5);
        Entry reply = bob.reply("an answer", chain.get(0));
        Entry profile = bob.profile("Bob", "before V3");
        store.appendAll(chain);
        store.appendAll(List.of(reply, profile));
        store.close();
        try (Connection c = server.connect(dbName());
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE replies");
            s.execute("DROP INDEX follows_by_followee");
            s.execute("ALTER TABLE feeds DROP COLUMN posts, DROP COLUMN profile_seq");
            s.execute("DELETE FROM schema_version WHERE version = 3");
        }
        try (PgStore reopened = PgStore.open(location)) {
            assertThat(reopened.migrationsApplied()).isEqualTo(1);
            assertThat(reopened.replies(chain.get(0).id())).containsExactly(reply);
            assertThat(reopened.get(reply.id())).contains(reply);
            assertThat(reopened.latestProfile(bob.id())).contains(profile);
            assertThat(reopened.postsStored(alice.id())).isEqualTo(5);
            assertThat(reopened.postsStored(bob.id())).isEqualTo(1);
        }
    }

    @Test
    void theSchemaIsTheMigrationsAndEachIsRecorded() throws Exception {
        try (Connection c = server.connect(dbName());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, name FROM schema_version ORDER BY version")) {
            for (String file : Migrations.PG_ALL) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(Migrations.versionOf(file));
                assertThat(rs.getString(2)).isEqualTo(file);
            }
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void migrationListMatchesTheMigrationsFolder() throws Exception {
        java.net.URI first = Migrations.class
                .getResource(Migrations.PG_FOLDER + Migrations.PG_ALL.get(0))
                .toURI();
        try (java.nio.file.FileSystem jar = "jar".equals(first.getScheme())
                        ? java.nio.file.FileSystems.newFileSystem(first, Map.of())
                        : null;
                Stream<Path> files = Files.list(Path.of(first).getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(Migrations.PG_ALL);
        }
        assertThat(Migrations.PG_ALL.stream().map(Migrations::versionOf))
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void aSecondStoreOnTheSameDatabaseIsRefusedAndOneOnAnotherIsNot() {
        assertThatThrownBy(() -> PgStore.open(location))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(location.url())
                .hasMessageContaining("in use by another Scurry store");
        try (PgStore other = PgStore.open(server.createDatabase("other" + DATABASES.incrementAndGet()))) {
            assertThat(other.append(TestFeed.create().post("hello")).appended()).isTrue();
        }
        store.close();
        try (PgStore again = PgStore.open(location)) { // the lock went with the connection
            assertThat(again.clock()).isEmpty();
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutThePassword() {
        String wrong = "not-the-password-4711";
        StoreLocation bad = StoreLocation.postgres(location.url(), PostgresServer.SUPERUSER, wrong);
        assertThatThrownBy(() -> PgStore.open(bad))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(location.url())
                .hasMessageContaining("password authentication failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        StoreLocation inUrl =
                StoreLocation.postgres(location.url() + "?password=" + wrong, PostgresServer.SUPERUSER, "");
        assertThatThrownBy(() -> PgStore.open(inUrl))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("password=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        assertThat(inUrl.toString()).doesNotContain(wrong);
        assertThat(location.toString()).doesNotContain(server.password()).contains("(password given)");
    }

    private String dbName() {
        return location.url().substring(location.url().lastIndexOf('/') + 1);
    }
}
