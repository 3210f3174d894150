package org.scurry.bench;

import java.nio.file.Path;
import org.scurry.bench.gateway.GatewayBench;
import org.scurry.bench.gateway.GatewayMemoryBench;
import org.scurry.bench.jmh.Microbenchmarks;

/**
 * Runs every benchmark and writes {@code latest.json} and {@code latest.md}: the JMH
 * microbenchmarks, replication catch-up with its verify ceiling and disk figure, the big node, and
 * the swarm simulator (with its chart, {@code simulator.png}), and the gateway path (MQTT → entry →
 * feed topic and Atom, beside a raw broker) and memory, and history servers (multi-source ranges
 * from capped peers, takeover time, storage with pruning).
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
        if (a.sim()) {
            log("swarm simulator: " + a.simNodes() + " nodes, offline " + a.simOffline() + ", " + a.simRuns()
                    + " run(s)");
            new SimulatorBench(a.simNodes(), a.simOffline(), a.simRuns(), a.simPosts(), 42, a.simDial())
                    .run(results, a.out());
        }
        if (a.gateway()) {
            log(String.format("gateway path: %,d posts per throughput run, %d runs", a.gatewayPosts(), a.runs()));
            new GatewayBench(
                            a.work().resolve("gateway-path"),
                            a.gatewayPosts(),
                            a.quick() ? 4 : 10,
                            a.quick() ? 2 : 15,
                            a.quick() ? 3 : 20,
                            "512m")
                    .run(a.runs(), results);
        }
        if (a.memory()) {
            log(String.format("gateway memory: %,d accounts, -Xmx%s", a.gatewayAccounts(), GatewayMemoryBench.XMX));
            new GatewayMemoryBench(a.work().resolve("gateway-memory"), a.gatewayAccounts()).run(results, false);
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
