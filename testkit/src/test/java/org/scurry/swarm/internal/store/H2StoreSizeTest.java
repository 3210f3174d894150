package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.testkit.TestFeed;

/**
 * Bytes on disk per entry and append rates (docs/storage.md quotes the figures printed here).
 * 100,000 posts of about 250 encoded bytes from 100 authors, appended in batches of 500.
 */
class H2StoreSizeTest {
    static final int ENTRIES = 100_000;
    static final int FEEDS = 100;
    static final int BATCH = 500;

    @TempDir
    Path dir;

    @Test
    void bytesOnDiskPerEntryStayWithinTwiceTheEncodedSize() {
        List<Entry> entries = interleavedPosts(ENTRIES, FEEDS);
        long encoded = entries.stream().mapToLong(Entry::encodedLength).sum();
        double avgEncoded = (double) encoded / ENTRIES;

        long start = System.nanoTime();
        try (H2Store store = H2Store.open(dir)) {
            for (int i = 0; i < ENTRIES; i += BATCH) {
                store.appendAll(entries.subList(i, i + BATCH));
            }
            assertThat(store.stats().entries()).isEqualTo(ENTRIES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long disk;
        try (H2Store store = H2Store.open(dir)) {
            disk = store.stats().diskBytes();
        }
        double perEntry = (double) disk / ENTRIES;
        System.out.printf(
                "H2Store size: %,d entries, avg encoded %.1f B, file %,d B = %.1f B/entry (%.2fx); "
                        + "batched append incl. close %.0f entries/s%n",
                ENTRIES, avgEncoded, disk, perEntry, perEntry / avgEncoded, ENTRIES / seconds);
        assertThat(perEntry).isLessThanOrEqualTo(2 * avgEncoded);
    }

    @Test
    void appendRatesBatchedAndOneByOne() {
        List<Entry> entries = interleavedPosts(60_000, FEEDS);
        try (H2Store store = H2Store.open(dir)) {
            long start = System.nanoTime();
            for (int i = 0; i < 50_000; i += BATCH) {
                store.appendAll(entries.subList(i, i + BATCH));
            }
            double batched = 50_000 / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (Entry e : entries.subList(50_000, 52_000)) {
                store.append(e);
            }
            double single = 2_000 / ((System.nanoTime() - start) / 1e9);
            System.out.printf(
                    "H2Store append: batched (500) %.0f entries/s, one per transaction %.0f entries/s%n",
                    batched, single);
            // a floor well under the measured figure, so a busy machine does not fail the build
            assertThat(batched).isGreaterThan(500);
        }
    }

    /** Posts of ~85 text bytes (~250 encoded) from {@code feeds} authors, interleaved as gossip delivers them. */
    static List<Entry> interleavedPosts(int n, int feeds) {
        List<TestFeed> authors = new ArrayList<>();
        for (int i = 0; i < feeds; i++) {
            authors.add(TestFeed.create());
        }
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TestFeed f = authors.get(i % feeds);
            out.add(f.posts(1, 85).get(0));
        }
        return out;
    }
}
