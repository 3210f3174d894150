package org.scurry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the replication benchmark (two node processes over TCP) and the disk figure at a tiny size.
 * Asserts that every figure is produced and sane, never that it is fast: speed is for {@code
 * bench/run.sh} on a quiet machine.
 */
class BenchSmokeIT {
    private static final int ENTRIES = 2_000;

    @TempDir
    Path work;

    @Test
    void replicationAndDiskFiguresAreProducedForATinyFeed() throws Exception {
        Results results = new Results();
        new ReplicationBench(work, ENTRIES, "256m").run(1, results);
        Map<String, Figure> f = results.figures().stream().collect(Collectors.toMap(Figure::name, Function.identity()));

        assertThat(f)
                .containsKeys(
                        "replication.entriesPerSecond",
                        "replication.verifyCeiling",
                        "replication.ceilingRatio",
                        "entries.avgEncodedBytes",
                        "disk.bytesPerEntry",
                        "disk.ratioToEncoded");
        for (Figure figure : f.values()) {
            assertThat(figure.runs()).as(figure.name()).isEqualTo(1);
            assertThat(figure.median()).as(figure.name()).isPositive().isFinite();
        }
        // All entries arrived: the catch-up time covers exactly ENTRIES (run() throws unless the
        // reader held and verified all of them).
        double seconds = f.get("replication.seconds").median();
        assertThat(f.get("replication.entriesPerSecond").median()).isCloseTo(ENTRIES / seconds, within(1e-6));
        double encoded = f.get("entries.avgEncodedBytes").median();
        assertThat(encoded).isBetween(200.0, 400.0);
        assertThat(f.get("disk.bytesPerEntry").median())
                .isGreaterThan(encoded / 20)
                .isLessThan(encoded * 20);
        if (f.containsKey("replication.wireBytesPerEntry")) {
            assertThat(f.get("replication.wireBytesPerEntry").median()).isGreaterThan(encoded);
        }
    }

    @Test
    void historyFiguresAreProducedForATinyGap() throws Exception {
        Map<String, Figure> f = HistoryBench.measureOnce(work, 2_000).stream()
                .collect(Collectors.toMap(Figure::name, Function.identity()));
        assertThat(f)
                .containsKeys(
                        "history.gapOnePeerSeconds",
                        "history.gapThreePeersSeconds",
                        "history.multiSourceSpeedup",
                        "history.takeoverSeconds",
                        "history.takeoverLivenessPeriods",
                        "history.storageRatio",
                        "history.entryBytesRatio");
        for (Figure figure : f.values()) {
            assertThat(figure.median()).as(figure.name()).isPositive().isFinite();
        }
        // pruning to 200 of 1,700 keeps about 200/1,700 of the entry bytes (the closed file sizes
        // depend on how far H2 compacted each file, so only the held bytes are checked)
        assertThat(f.get("history.entryBytesRatio").median()).isBetween(0.1, 0.2);
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
