package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.testkit.TestFeed;

/**
 * The store survives a write the disk refuses (issue 14, item 6), on any machine: H2's file system
 * is wrapped so that growing the store's file fails as on a full disk ({@link FullableFilePath}).
 * {@code DiskFullIT} does the same on a real tmpfs that fills up.
 */
class H2StoreWriteFailureTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedWriteLeavesTheStoreOpenForReadsAndItTakesWritesAgainOnceTheDiskDoes() {
        FullableFilePath.register();
        TestFeed alice = TestFeed.create();
        List<Entry> acknowledged = new ArrayList<>();
        try (H2Store store = H2Store.open(dir, FullableFilePath.SCHEME, H2Store.SETTINGS)) {
            for (int i = 0; i < 10; i++) {
                List<Entry> batch = alice.posts(20);
                assertThat(store.appendAll(batch)).allMatch(AppendResult::appended);
                acknowledged.addAll(batch);
            }
            assertThat(store.health().ready()).isTrue();

            // The disk fills: appends go on while H2 finds free space inside its file, then one is
            // refused, and nothing of it is stored.
            FullableFilePath.fill(dir);
            StoreUnavailableException refused = null;
            Entry refusedEntry = null;
            for (int i = 0; i < 5000 && refused == null; i++) {
                Entry e = alice.post(i + " " + "x".repeat(900));
                try {
                    assertThat(store.append(e).appended()).isTrue();
                    acknowledged.add(e);
                } catch (StoreUnavailableException x) {
                    refused = x;
                    refusedEntry = e;
                }
            }
            assertThat(refused)
                    .as("an append was refused once the file could not grow")
                    .isNotNull();
            assertThat(refused).hasMessageStartingWith("the disk is full");
            assertThat(store.health().ready()).isFalse();
            assertThat(store.health().reason()).startsWith("the disk is full");

            // Reads go on, from the file as it was before the failed write.
            assertThat(store.latestSeq(alice.id())).isEqualTo(acknowledged.size());
            assertThat(store.range(alice.id(), 1, 1000, 1000)).containsExactlyElementsOf(acknowledged);
            assertThat(store.get(acknowledged.get(7).id())).contains(acknowledged.get(7));
            assertThat(store.timeline(List.of(alice.id()), null, 5).entries()).hasSize(5);
            Entry again = refusedEntry;
            assertThatThrownBy(() -> store.append(again)).isInstanceOf(StoreUnavailableException.class);

            // The disk takes writes again: so does the store, by itself.
            FullableFilePath.free(dir);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.health().ready());
            assertThat(store.append(again).appended()).isTrue();
            acknowledged.add(again);
            assertThat(store.range(alice.id(), 1, 1000, 1000)).containsExactlyElementsOf(acknowledged);
        } finally {
            FullableFilePath.free(dir);
        }
        try (H2Store reopened = H2Store.open(dir)) {
            assertThat(reopened.range(alice.id(), 1, 1000, 1000)).containsExactlyElementsOf(acknowledged);
        }
    }
}
