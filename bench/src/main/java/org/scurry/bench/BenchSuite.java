package org.scurry.bench;

import java.nio.file.Path;
import org.scurry.bench.jmh.Microbenchmarks;

/**
 * Runs every benchmark and writes {@code latest.json} and {@code latest.md}: the JMH
 * microbenchmarks, replication catch-up with its verify ceiling and disk figure, the big node, and
 * history (multi-source ranges from capped peers, takeover time, storage with pruning).
 * Started by {@code bench/run.sh}; options in {@link Args#USAGE}.
 */
public final class BenchSuite {
    private BenchSuite() {}

    public static void main(String[] args) throws Exception {
        Args a;
        try {
            a = Args.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Results results = new Results();
        results.note("load average at start", loadAverage());
        if (a.jmh()) {
            log("JMH microbenchmarks");
            results.addAll(Microbenchmarks.run(a.quick()));
        }
        if (a.replication()) {
            log(String.format("replication: %,d entries, %d runs", a.entries(), a.runs()));
            new ReplicationBench(a.work(), a.entries(), "256m").run(a.runs(), results);
        }
        if (a.big()) {
            log(String.format("big node: %,d entries in %,d feeds", a.bigEntries(), a.bigFeeds()));
            new BigNodeBench(a.work(), a.bigEntries(), a.bigFeeds()).run(results);
        }
        if (a.history()) {
            log(String.format("history: %,d-entry gap from 1 and 3 capped peers, takeover, pruning", a.gap()));
            new HistoryBench(a.work(), a.gap(), HistoryBench.UPLOAD_BYTES_PER_SECOND).run(results);
        }
        results.note("load average at end", loadAverage());
        results.write(a.out(), String.join(" ", args));
        log("wrote " + a.out().resolve("latest.json") + " and latest.md");
    }

    /** /proc/loadavg: on a shared machine, other work skews the figures, so each run records it. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void log(String s) {
        System.err.println("== " + s);
    }
}
