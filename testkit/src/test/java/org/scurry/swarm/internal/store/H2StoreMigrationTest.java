package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.testkit.TestFeed;

/**
 * V4 rebuilds {@code entries} with a new row key. H2 commits each DDL statement on its own, so a
 * crash can stop the migration after any statement; this test stops it after each one in turn and
 * checks that the next open finishes it with every entry intact.
 */
class H2StoreMigrationTest {
    private static final String V4 = "V4__entries_keyed_by_feed_and_seq.sql";

    @TempDir
    Path dir;

    private final TestFeed alice = TestFeed.create();
    private final TestFeed bob = TestFeed.create();
    private final List<Entry> aliceChain = alice.posts(30);
    private final List<Entry> bobChain = bob.posts(12);
    private final Entry afterMigration = alice.post("after the migration");

    @Test
    void aV3StoreIsMigratedWithEveryEntryIntact() throws Exception {
        Path db = dir.resolve("v3");
        writeV3Store(db, 0);
        assertMigrated(db);
    }

    @Test
    void aMigrationInterruptedAfterAnyStatementFinishesOnTheNextOpen() throws Exception {
        int statements = Migrations.statements(Migrations.read(V4)).size();
        for (int done = 1; done <= statements; done++) {
            Path db = dir.resolve("stopped-after-" + done);
            writeV3Store(db, done);
            assertMigrated(db);
        }
    }

    /** A V3 database holding both chains, with the first {@code v4Statements} of V4 already run. */
    private void writeV3Store(Path db, int v4Statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(db), "sa", "")) {
            Migrations.apply(c, 3);
            long arrival = 0;
            int feedNo = 0;
            // interleaved as gossip delivers them, so arrival order differs from key order
            List<Entry> all = new ArrayList<>();
            for (int i = 0; i < aliceChain.size(); i++) {
                all.add(aliceChain.get(i));
                if (i < bobChain.size()) {
                    all.add(bobChain.get(i));
                }
            }
            try (PreparedStatement feed = c.prepareStatement(
                            "INSERT INTO feeds (feed_no, author_key, head_seq, head_id) VALUES (?, ?, ?, ?)");
                    PreparedStatement entry = c.prepareStatement("INSERT INTO entries"
                            + " (arrival, feed_no, seq, ts, id_prefix, body) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (List<Entry> chain : List.of(aliceChain, bobChain)) {
                    Entry head = chain.get(chain.size() - 1);
                    feed.setInt(1, ++feedNo);
                    feed.setBytes(2, head.author().toBytes());
                    feed.setLong(3, head.seq());
                    feed.setBytes(4, head.id().toBytes());
                    feed.executeUpdate();
                }
                for (Entry e : all) {
                    entry.setLong(1, ++arrival);
                    entry.setInt(2, e.author().equals(alice.id()) ? 1 : 2);
                    entry.setLong(3, e.seq());
                    entry.setLong(4, e.timestamp());
                    entry.setLong(5, e.id().prefix());
                    entry.setBytes(6, e.encodedUnsafe());
                    entry.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                List<String> v4 = Migrations.statements(Migrations.read(V4));
                for (int i = 0; i < v4Statements; i++) {
                    s.execute(v4.get(i)); // DDL commits on its own; DML is left uncommitted, as a crash would
                }
            }
        }
    }

    private void assertMigrated(Path db) {
        try (H2Store store = H2Store.open(db)) {
            assertThat(store.migrationsApplied())
                    .as("V4 and later applied on open")
                    .isEqualTo(Migrations.ALL.size() - 3);
            assertThat(store.range(alice.id(), 1, 100, 100)).containsExactlyElementsOf(aliceChain);
            assertThat(store.range(bob.id(), 1, 100, 100)).containsExactlyElementsOf(bobChain);
            assertThat(store.get(bob.id(), 7)).contains(bobChain.get(6));
            assertThat(store.get(aliceChain.get(9).id())).contains(aliceChain.get(9));
            TimelinePage page = store.timeline(List.of(alice.id(), bob.id()), null, 5);
            assertThat(page.entries()).hasSize(5);
            assertThat(store.stats().entries()).isEqualTo(42);
            // arrival numbering continues after the migrated rows
            assertThat(store.append(afterMigration).status()).isEqualTo(AppendResult.Status.APPENDED);
            assertThat(store.timeline(List.of(alice.id()), null, 1).entries()).containsExactly(afterMigration);
        }
    }

    private static String url(Path db) {
        return "jdbc:h2:file:" + db.toAbsolutePath().resolve(H2Store.FILE_NAME) + H2Store.SETTINGS;
    }

    /**
     * V7 (replies and profiles) derives its rows from the entries already held in a Java step: a
     * store whose V7 never ran (its rows and record removed) gets them all on the next open.
     */
    @Test
    void v7IndexesTheRepliesAndProfilesOfEntriesStoredBeforeIt() throws Exception {
        Path db = dir.resolve("v6");
        Entry root = aliceChain.get(0);
        Entry reply = bob.reply("an answer", root);
        Entry profile = bob.profile("Bob", "before V7");
        try (H2Store store = H2Store.open(db)) {
            store.appendAll(aliceChain);
            store.appendAll(bobChain);
            store.appendAll(List.of(reply, profile));
        }
        try (Connection c = DriverManager.getConnection(url(db), "sa", "");
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM replies");
            s.execute("UPDATE feeds SET posts = 0, profile_seq = NULL");
            s.execute("DELETE FROM schema_version WHERE version = 7");
        }
        try (H2Store store = H2Store.open(db)) {
            assertThat(store.migrationsApplied()).isEqualTo(1);
            assertThat(store.replies(root.id())).containsExactly(reply);
            assertThat(store.get(reply.id())).contains(reply);
            assertThat(store.latestProfile(bob.id())).contains(profile);
            assertThat(store.postsStored(alice.id())).isEqualTo(aliceChain.size());
            assertThat(store.postsStored(bob.id())).isEqualTo(bobChain.size() + 1);
        }
    }
}
