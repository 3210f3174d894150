package org.scurry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bench.gateway.BrokerBench;
import org.scurry.bench.gateway.GatewayBench;
import org.scurry.bench.gateway.GatewayMemoryBench;

/**
 * Runs the replication benchmark (two node processes over TCP) and the disk figure, the gateway path
 * (a gateway process, MQTT devices, a raw broker) and the gateway memory benchmark (with a real
 * Prosody) at tiny sizes. Asserts that every figure is produced and sane, never that it is fast:
 * speed is for {@code bench/run.sh} on a quiet machine.
 */
class BenchSmokeIT {
    static {
        // Figures are checked for being produced, not for their values: no waiting for the JIT.
        System.setProperty(Await.SETTLE_CAP_PROPERTY, "2");
    }

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
                        "replication.verifyAllCores",
                        "replication.coreScaling",
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
        // Two threads verify at least as fast as a tenth of one, and no faster than 1.5 × cores allow.
        assertThat(f.get("replication.coreScaling").median()).isBetween(0.1, 1.5);
        if (f.containsKey("replication.verifyCpuShare")) {
            // A catch-up verifies every entry, so it costs at least about one verify's CPU per entry.
            assertThat(f.get("replication.verifyCpuShare").median()).isBetween(0.0, 1.2);
        }
        if (f.containsKey("replication.wireBytesPerEntry")) {
            assertThat(f.get("replication.wireBytesPerEntry").median()).isGreaterThan(encoded);
        }
    }

    @Test
    void gatewayPathFiguresAreProducedAndNoPostIsLost() throws Exception {
        Results results = new Results();
        new GatewayBench(work.resolve("gateway"), 300, 2, 1, 2, "512m").run(1, results);
        Map<String, Figure> f = byName(results);

        assertThat(f)
                .containsKeys(
                        "gateway.postsPerSecond",
                        "gateway.lost",
                        "raw.messagesPerSecond",
                        "gateway.ratioToRaw",
                        "gateway.rate200.p50Ms",
                        "gateway.rate200.p99Ms",
                        "gateway.rate200.maxMs",
                        "raw.rate200.p99Ms",
                        "gateway.atom.p50Ms",
                        "gateway.atom.maxMs");
        assertThat(f.get("gateway.lost").median()).isZero();
        assertThat(f.get("gateway.rate200.lost").median()).isZero();
        assertThat(f.get("raw.rate200.lost").median()).isZero();
        for (String key : List.of(
                "gateway.postsPerSecond",
                "raw.messagesPerSecond",
                "gateway.ratioToRaw",
                "gateway.rate200.p50Ms",
                "raw.rate200.p50Ms",
                "gateway.atom.p50Ms")) {
            assertThat(f.get(key).median()).as(key).isPositive().isFinite();
        }
        for (String path : List.of("gateway.rate200", "raw.rate200")) {
            assertThat(f.get(path + ".p50Ms").median())
                    .isLessThanOrEqualTo(f.get(path + ".p99Ms").median());
            assertThat(f.get(path + ".p99Ms").median())
                    .isLessThanOrEqualTo(f.get(path + ".maxMs").median());
        }
        assertThat(f.get("gateway.atom.p50Ms").median())
                .isLessThanOrEqualTo(f.get("gateway.atom.maxMs").median());
        // Every post published in the measured runs became an entry (the gateway's own count).
        assertThat(results.notes()).doesNotContainKey("gateway.lostInStore").containsKey("gateway.stored");
    }

    @Test
    void brokerComparisonMeasuresEveryBrokerAndTheGatewayLosesNoPost() throws Exception {
        Results results = new Results();
        new BrokerBench(work.resolve("brokers"), 300, 2, 1, "512m").run(1, results);
        Map<String, Figure> f = byName(results);

        // Mosquitto, Moquette and HiveMQ all started and measured (Mosquitto is one of .ci/run's packages).
        assertThat(results.notes()).doesNotContainKey("brokers.notMeasured");
        for (String kind : List.of("mosquitto", "moquette", "hivemq")) {
            String k = "brokers." + kind;
            for (String figure : List.of(".messagesPerSecond", ".spawnToAcceptMs")) {
                assertThat(f.get(k + figure).median())
                        .as(k + figure)
                        .isPositive()
                        .isFinite();
            }
            // /proc counts CPU in 10 ms ticks: 300 messages through Mosquitto may take less than one.
            assertThat(f.get(k + ".cpuMicrosPerMessage").median())
                    .as(k)
                    .isNotNegative()
                    .isFinite();
            assertThat(f.get(k + ".rate200.p50Ms").median())
                    .as(k)
                    .isPositive()
                    .isLessThanOrEqualTo(f.get(k + ".rate200.p99Ms").median());
            if (!kind.equals("mosquitto")) {
                assertThat(f.get(k + ".startMs").median()).as(k).isPositive().isFinite();
                assertThat(f.get(k + ".heapMiB").median()).as(k).isPositive().isFinite();
                assertThat(f.get(k + ".ratioToMosquitto").median())
                        .as(k)
                        .isPositive()
                        .isFinite();
            }
        }
        assertThat(f.get("brokers.gateway.lost").median()).isZero();
        assertThat(f.get("brokers.gateway.rate200.lost").median()).isZero();
        assertThat(f.get("brokers.gateway.cpuMicrosPerPost").median())
                .isPositive()
                .isFinite();
        assertThat(f.get("brokers.gateway.ratioToMosquitto").median())
                .isPositive()
                .isFinite();
        assertThat(results.notes()).doesNotContainKey("brokers.gateway.lostInStore");
    }

    @Test
    void gatewayMemoryFigureIsProducedWithAllThreeBridges() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(Path.of("/usr/bin/prosody")), "Prosody is not installed");
        Results results = new Results();
        new GatewayMemoryBench(work.resolve("memory"), 12).run(results, true, 2);
        Map<String, Figure> f = byName(results);

        assertThat(f.get("memory.accounts").median()).isEqualTo(12);
        // Two runs: the second a restarted gateway on the same accounts.
        assertThat(f.get("memory.heapAfterGcMiB").values()).hasSize(2);
        assertThat(f.get("memory.heapAfterGcMiB").max()).isPositive().isLessThan(512);
        assertThat(results.notes().get("memory")).contains("in 2 runs");
        assertThat(results.notes().get("memory.mqtt")).startsWith("500 of 500 MQTT posts");
    }

    private static Map<String, Figure> byName(Results results) {
        return results.figures().stream().collect(Collectors.toMap(Figure::name, Function.identity()));
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

    /** On a real PostgreSQL server (testkit's PostgresServer: under CI=true a missing one fails). */
    @Test
    void postgresFiguresAreProducedForATinyCatchUpAndStore() throws Exception {
        Map<String, Figure> f = PgBench.measureOnce(work, 1_000, 20_000).stream()
                .collect(Collectors.toMap(Figure::name, Function.identity()));
        assertThat(f)
                .containsKeys(
                        "pg.catchUpEntriesPerSecond",
                        "pg.catchUpH2EntriesPerSecond",
                        "pg.catchUpRatio",
                        "pg.timelineMedianMs",
                        "pg.timelineP99Ms",
                        "pg.rangeMedianMs",
                        "pg.rangeP99Ms");
        for (Figure figure : f.values()) {
            assertThat(figure.median()).as(figure.name()).isPositive().isFinite();
        }
        assertThat(f.get("pg.timelineP99Ms").median())
                .isGreaterThanOrEqualTo(f.get("pg.timelineMedianMs").median());
    }

    @Test
    void fuzzFiguresAreProducedAndNothingCrashes() throws Exception {
        Results results = new Results();
        new FuzzBench(work, 5_000).run(results);
        Map<String, Figure> f = byName(results);

        assertThat(f.get("fuzz.inputs").median()).isEqualTo(5_000);
        assertThat(f.get("fuzz.inputsPerSecond").median()).isPositive().isFinite();
        assertThat(f.get("fuzz.crashes").median()).isZero();
        assertThat(f.get("fuzz.storeProblems").median()).isZero();
        assertThat(results.notes().get("fuzz outcomes")).contains("message.refused", "entry.invalid");
    }

    @Test
    void hostileLoadFiguresAreProducedForATinyCatchUp() throws Exception {
        Map<String, Figure> f = HostileBench.measureOnce(work, 2_000).stream()
                .collect(Collectors.toMap(Figure::name, Function.identity()));

        assertThat(f)
                .containsKeys(
                        "hostile.cleanEntriesPerSecond",
                        "hostile.attackedEntriesPerSecond",
                        "hostile.ratio",
                        "hostile.peakHeapRatio",
                        "hostile.liveHeapRatio",
                        "hostile.connections");
        for (String key : List.of(
                "hostile.cleanEntriesPerSecond",
                "hostile.attackedEntriesPerSecond",
                "hostile.ratio",
                "hostile.cleanPeakHeapMiB",
                "hostile.attackedPeakHeapMiB",
                "hostile.peakHeapRatio")) {
            assertThat(f.get(key).median()).as(key).isPositive().isFinite();
        }
        // Every kind of hostile peer connected at least once while the catch-up ran.
        assertThat(f.get("hostile.connections").median())
                .isGreaterThanOrEqualTo(HostileBench.STALLERS + HostileBench.FLOODERS + HostileBench.GARBAGE);
        // The source never held more for its peers than its budget (-Xmx256m: 64 MiB).
        assertThat(f.get("hostile.peakQueuedMiB").median()).isLessThanOrEqualTo(64);
    }

    @Test
    void theSuiteTimesEachPartAndTheWholeRunFromRunShsStart() throws Exception {
        Path out = work.resolve("out");
        String[] args = {
            "--skip",
            "jmh",
            "--skip",
            "sim",
            "--skip",
            "gateway",
            "--skip",
            "brokers",
            "--skip",
            "memory",
            "--skip",
            "history",
            "--skip",
            "package",
            "--skip",
            "fuzz",
            "--skip",
            "hostile",
            "--skip",
            "replication", // produced and checked by replicationAndDiskFiguresAreProducedForATinyFeed
            "--skip",
            "pg",
            "--entries",
            "1000",
            "--runs",
            "1",
            "--big-entries",
            "2000",
            "--big-feeds",
            "20",
            "--work",
            work.resolve("data").toString(),
            "--out",
            out.toString()
        };
        long started = System.currentTimeMillis() - 2_000;
        Map<String, String> env = Map.of(
                "BENCH_STARTED_MS", Long.toString(started),
                "BENCH_BUILD_SECONDS", "1.5",
                "BENCH_BUILD_CPU_SECONDS", "2.5",
                "BENCH_BUILD_LOAD", "0.5");
        BenchSuite.run(Args.parse(args), args, env);

        com.fasterxml.jackson.databind.JsonNode rt = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("latest.json").toFile())
                .path("runTime");
        List<String> names = new java.util.ArrayList<>();
        double sum = 0;
        for (com.fasterxml.jackson.databind.JsonNode p : rt.path("parts")) {
            names.add(p.path("name").asText());
            double wall = p.path("wallSeconds").asDouble();
            double cpu = p.path("cpuSeconds").asDouble();
            assertThat(wall).as(p.toString()).isPositive().isFinite();
            // CPU of the suite and its node processes: not negative, at most every core the whole time
            // (plus a tick of rounding) — the build's is what run.sh measured.
            assertThat(cpu).as(p.toString()).isNotNegative().isLessThanOrEqualTo(wall * cores() + 0.05);
            assertThat(p.path("loadAtEnd").asDouble()).as(p.toString()).isNotNegative();
            sum += wall;
        }
        assertThat(names).containsExactly("build", "stores", "big");
        double total = rt.path("totalWallSeconds").asDouble();
        // From run.sh's start: the build and every part happened within it.
        assertThat(total).isGreaterThanOrEqualTo(sum).isLessThan(sum + 120);
        assertThat(rt.path("limitSeconds").asDouble()).isEqualTo(RunClock.LIMIT_SECONDS);
        assertThat(rt.path("withinLimit").isBoolean()).isTrue();
        String md = Files.readString(out.resolve("latest.md"));
        assertThat(md).contains("Run time: **", "| build | 2 s | 3 s | 0.500 |", "| stores |");
        assertThat(md).contains("| big |", "| **total** |");
        // The store was built in this run, and said so; the part then reused it.
        assertThat(md).contains("big node build");
    }

    @Test
    void simulationsInTwoJvmsAtOnceMergeIntoOneResultWithTheChart() throws Exception {
        Path out = work.resolve("sim-out");
        String[] args = {
            "--only",
            "sim",
            "--sim-nodes",
            "40",
            "--sim-offline",
            "0,0.5",
            "--sim-posts",
            "4",
            "--sim-runs",
            "2",
            "--sim-windows",
            "2",
            "--sim-jobs",
            "2",
            "--work",
            work.resolve("sim-data").toString(),
            "--out",
            out.toString()
        };
        Results results = BenchSuite.run(Args.parse(args), args, Map.of());
        Map<String, Figure> f = byName(results);

        for (String k : List.of("sim.n40.off00", "sim.n40.off50")) {
            assertThat(f).containsKeys(k + ".reach3s", k + ".copies", k + ".p99", k + ".wallSeconds");
            assertThat(f.get(k + ".reach3s").median()).as(k).isBetween(0.0, 1.0);
            assertThat(f.get(k + ".copies").median()).as(k).isGreaterThanOrEqualTo(1.0);
            assertThat(results.notes()).containsKey(k);
            // Two swarms measured in two windows each: four runs; a swarm's run time is one value.
            assertThat(f.get(k + ".reach3s").values()).as(k).hasSize(4);
            assertThat(f.get(k + ".wallSeconds").values()).as(k).hasSize(2);
        }
        // Merged in size-then-share order, whichever job finished first.
        List<String> order = results.figures().stream()
                .map(Figure::name)
                .filter(n -> n.endsWith(".reach3s") && !n.contains("flooding") && !n.contains("central"))
                .toList();
        assertThat(order).containsExactly("sim.n40.off00.reach3s", "sim.n40.off50.reach3s");
        assertThat(results.notes().get("simulator jobs")).startsWith("2 child JVMs at once");
        java.awt.image.BufferedImage png =
                javax.imageio.ImageIO.read(out.resolve(SimulatorBench.CHART).toFile());
        assertThat(png).as("a readable PNG chart").isNotNull();
        assertThat(Files.readString(out.resolve("latest.md"))).contains("](" + SimulatorBench.CHART + ")", "| sim |");
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
