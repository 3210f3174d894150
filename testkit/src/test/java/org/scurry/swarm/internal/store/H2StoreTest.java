package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.spi.Arrival;
import org.scurry.swarm.spi.Store;
import org.scurry.testkit.TestFeed;

class H2StoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return H2Store.open(dir.resolve("db"));
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
        assertThat(((H2Store) store).migrationsApplied()).isEqualTo(Migrations.ALL.size());
        store.close();

        try (H2Store reopened = H2Store.open(dir.resolve("db"))) {
            assertThat(reopened.migrationsApplied()).isZero();
            assertThat(reopened.range(alice.id(), 1, 100, 100)).containsExactlyElementsOf(chain);
            assertThat(reopened.clock()).isEqualTo(Map.of(alice.id(), 20L, bob.id(), 2L));
            assertThat(reopened.fork(alice.id()).orElseThrow().rejected()).isEqualTo(fork);
            assertThat(reopened.displayName(bob.id())).contains("Bob");
            assertThat(reopened.follows(bob.id())).containsExactly(alice.id());
            assertThat(reopened.loadPeerClock(bob.id(), "received")).isEqualTo(Map.of(alice.id(), 20L));
            assertThat(reopened.stats().entries()).isEqualTo(22);
            assertThat(reopened.stats().diskBytes()).isPositive();
            // and it keeps appending where it left off
            assertThat(reopened.append(alice.post("after reopen")).appended()).isTrue();
            assertThat(reopened.get(alice.head().id())).contains(alice.head());
        }
    }

    @Test
    void arrivalPositionsSurviveCloseAndReopen() {
        TestFeed alice = TestFeed.create();
        store.appendAll(alice.posts(5));
        List<Arrival> before = store.arrivedSince(0, 100);
        store.close();

        try (H2Store reopened = H2Store.open(dir.resolve("db"))) {
            assertThat(reopened.arrivedSince(0, 100)).isEqualTo(before);
            assertThat(reopened.lastArrival()).isEqualTo(before.get(4).position());
            Entry next = alice.post("after reopen");
            reopened.append(next);
            assertThat(reopened.arrivedSince(before.get(4).position(), 10))
                    .extracting(Arrival::entry)
                    .containsExactly(next);
        }
    }

    @Test
    void prunedFeedStaysPrunedAfterReopen() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(30);
        store.appendAll(chain);
        store.prune(alice.id(), 21);
        store.close();

        try (H2Store reopened = H2Store.open(dir.resolve("db"))) {
            assertThat(reopened.oldestSeq(alice.id())).isEqualTo(21);
            assertThat(reopened.stats().entries()).isEqualTo(10);
            assertThat(reopened.range(alice.id(), 1, 100, 100)).containsExactlyElementsOf(chain.subList(20, 30));
            assertThat(reopened.append(chain.get(3)).status())
                    .isEqualTo(org.scurry.swarm.spi.AppendResult.Status.DUPLICATE);
        }
    }

    @Test
    void migrationListMatchesTheMigrationsFolder() throws Exception {
        java.net.URI first = Migrations.class
                .getResource(Migrations.FOLDER + Migrations.ALL.get(0))
                .toURI();
        // In a full build the swarm is on this module's class path as a jar: read the folder in it.
        try (java.nio.file.FileSystem jar = "jar".equals(first.getScheme())
                        ? java.nio.file.FileSystems.newFileSystem(first, java.util.Map.of())
                        : null;
                Stream<Path> files = Files.list(Path.of(first).getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactlyElementsOf(Migrations.ALL);
        }
        assertThat(Migrations.ALL.stream().map(Migrations::versionOf))
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsClearly() {
        assertThatThrownBy(() -> H2Store.open(dir.resolve("db")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.resolve("db").toString());
    }

    @Test
    void closedStoreRefusesWork() {
        TestFeed alice = TestFeed.create();
        store.appendAll(alice.posts(2));
        store.close();
        assertThatThrownBy(() -> store.get(alice.id(), 1)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.append(alice.post("late"))).isInstanceOf(StoreException.class);
    }
}
