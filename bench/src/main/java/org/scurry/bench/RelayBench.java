package org.scurry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.scurry.swarm.FeedId;

/**
 * Catch-up through a relay against direct catch-up, same run (issue 16: relayed ≥ 0.5 of direct).
 * Node processes on loopback: R relays and follows nobody; S holds N entries of its own feed,
 * announces no address and is linked to R only (so it registers to be reached through R). Each run
 * times two fresh readers that follow S: one configured with S's address (a direct link), one
 * configured with R alone, which reaches S through a tunnel R relays (the Noise session end to end
 * inside). The order of the two alternates between runs. R's CPU during the relayed catch-up,
 * divided by N, is the relay's CPU per relayed entry (it includes R's own idle work, a few ms).
 */
final class RelayBench {
    static final int DEFAULT_ENTRIES = 10_000;
    private static final String XMX = "256m";

    private final Path work;
    private final int entries;

    RelayBench(Path work, int entries) {
        this.work = work;
        this.entries = entries;
    }

    private record Run(
            double directPerSecond, double relayedPerSecond, OptionalLong relayCpuNanos, long relayedBytes) {}

    void run(int runs, Results results) throws Exception {
        List<Run> all = new ArrayList<>();
        Path base = work.resolve("relay");
        delete(base);
        try (BenchNodeProcess r = BenchNodeProcess.start(base.resolve("r"), XMX);
                BenchNodeProcess s = BenchNodeProcess.start(base.resolve("s"), XMX, r.address())) {
            String posted = s.ask("post " + entries, 300);
            if (!posted.equals("posted " + entries)) {
                throw new IllegalStateException("the source did not post: " + posted);
            }
            Await.until("S registered with R", 60, () -> s.numbers("peers")[0] >= 1);
            for (int i = 0; i < runs; i++) {
                double direct;
                double relayed;
                long[] before;
                OptionalLong cpu;
                if (i % 2 == 0) {
                    direct = catchUp(base.resolve("direct-" + i), s.id(), s.address());
                    before = r.numbers("relay");
                    OptionalLong c0 = ProcInfo.cpuNanos(r.pid());
                    relayed = catchUp(base.resolve("relayed-" + i), s.id(), r.address());
                    cpu = minus(ProcInfo.cpuNanos(r.pid()), c0);
                } else {
                    before = r.numbers("relay");
                    OptionalLong c0 = ProcInfo.cpuNanos(r.pid());
                    relayed = catchUp(base.resolve("relayed-" + i), s.id(), r.address());
                    cpu = minus(ProcInfo.cpuNanos(r.pid()), c0);
                    direct = catchUp(base.resolve("direct-" + i), s.id(), s.address());
                }
                long[] after = r.numbers("relay");
                if (after[1] <= before[1]) {
                    throw new IllegalStateException("the relayed reader did not go through R: " + r.ask("relay"));
                }
                all.add(new Run(direct, relayed, cpu, after[2] - before[2]));
                log(String.format(
                        "relay run %d: direct %,.0f entries/s, relayed %,.0f entries/s (%.2f), R relayed %,d bytes",
                        i + 1, direct, relayed, relayed / direct, after[2] - before[2]));
            }
        }
        String target = "issue 16 target (relayed ÷ direct ≥ 0.5)";
        results.add(Figure.of(
                "relay.directEntriesPerSecond",
                "catch-up of " + entries + " entries, direct link (entries/s)",
                "entries/s",
                Figure.values(all, Run::directPerSecond)));
        results.add(Figure.of(
                "relay.relayedEntriesPerSecond",
                "catch-up of " + entries + " entries through a relay (entries/s)",
                "entries/s",
                Figure.values(all, Run::relayedPerSecond)));
        results.add(Figure.of(
                        "relay.relayedOverDirect",
                        "relayed ÷ direct catch-up rate, same run",
                        "ratio",
                        Figure.values(all, x -> x.relayedPerSecond() / x.directPerSecond()))
                .withBaseline(0.5, target));
        results.add(Figure.of(
                "relay.bytesPerEntry",
                "bytes the relay forwarded per relayed entry (both directions)",
                "bytes",
                Figure.values(all, x -> (double) x.relayedBytes() / entries)));
        if (all.stream().allMatch(x -> x.relayCpuNanos().isPresent())) {
            results.add(Figure.of(
                    "relay.cpuMicrosPerEntry",
                    "relay CPU per relayed entry (whole relay process)",
                    "µs",
                    Figure.values(all, x -> x.relayCpuNanos().getAsLong() / 1e3 / entries)));
        }
    }

    /** A fresh reader configured with {@code peer} follows {@code feed}: entries per second until it holds all. */
    private double catchUp(Path dir, FeedId feed, String peer) throws Exception {
        try (BenchNodeProcess reader = BenchNodeProcess.start(dir, XMX, peer)) {
            Await.until("the reader to link", 60, () -> reader.numbers("peers")[0] >= 1);
            long t0 = System.nanoTime();
            reader.ask("follow " + feed);
            Await.progress("the reader to hold " + entries + " entries", 60, () -> reader.seq(feed), entries);
            return entries / ((System.nanoTime() - t0) / 1e9);
        } finally {
            delete(dir);
        }
    }

    private static void log(String s) {
        System.err.println("== " + s);
    }

    private static OptionalLong minus(OptionalLong a, OptionalLong b) {
        return a.isPresent() && b.isPresent() ? OptionalLong.of(a.getAsLong() - b.getAsLong()) : OptionalLong.empty();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
