package org.scurry.bench;

import java.nio.file.Path;
import java.util.Map;
import org.scurry.bench.gateway.BrokerBench;
import org.scurry.bench.gateway.GatewayBench;
import org.scurry.bench.gateway.GatewayMemoryBench;
import org.scurry.bench.jmh.Microbenchmarks;

/**
 * Runs every benchmark and writes {@code latest.json} and {@code latest.md}: the JMH
 * microbenchmarks, replication catch-up with its verify ceiling and disk figure, the big node, and
 * the swarm simulator (with its chart, {@code simulator.png}), and the gateway path (MQTT → entry →
 * feed topic and Atom, beside a raw broker) and memory, history servers (multi-source ranges
 * from capped peers, takeover time, storage with pruning), and the installable distribution (sizes,
 * start-up from the package beside the checkout's).
 * Each part is timed ({@link RunClock}) and the run's time by part and in total goes into both
 * files. Started by {@code bench/run.sh}; options in {@link Args#USAGE}.
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
        run(a, args, System.getenv());
    }

    /**
     * Runs the parts {@code a} selects and writes the results; {@code env} carries bench/run.sh's
     * start time and build times (see {@link RunClock#fromEnvironment}).
     */
    static Results run(Args a, String[] args, Map<String, String> env) throws Exception {
        RunClock clock = RunClock.fromEnvironment(env);
        Results results = new Results();
        results.note("load average at start", Machine.loadAverage());
        // The big node's store also serves JMH's timeline query.
        java.util.concurrent.atomic.AtomicReference<Path> bigStore =
                new java.util.concurrent.atomic.AtomicReference<>();
        if (a.replication() || a.big() || a.jmh() || a.hostile() || a.search()) {
            // Built once under the work directory and reused by later runs; timed as a part of its
            // own so that a first run's extra minutes show where they went.
            clock.time("stores", () -> {
                if (a.replication() || a.hostile()) {
                    log(String.format(
                            "store: replication source, %d × %,d entries", ReplicationBench.FEEDS, a.entries()));
                    ReplicationBench.sourceStore(a.work(), a.entries(), results);
                }
                if (a.big() || a.jmh() || a.search()) {
                    log(String.format("store: big node, %,d entries in %,d feeds", a.bigEntries(), a.bigFeeds()));
                    bigStore.set(BigNodeBench.store(a.work(), a.bigEntries(), a.bigFeeds(), results)
                            .dataDir());
                }
            });
        }
        if (a.jmh()) {
            log("JMH microbenchmarks");
            clock.time("jmh", () -> results.addAll(Microbenchmarks.run(a.quick(), bigStore.get())));
        }
        if (a.replication()) {
            log(String.format("replication: %,d entries, %d runs", a.entries(), a.runs()));
            clock.time("replication", () -> new ReplicationBench(a.work(), a.entries(), "256m").run(a.runs(), results));
        }
        if (a.big()) {
            log(String.format("big node: %,d entries in %,d feeds", a.bigEntries(), a.bigFeeds()));
            clock.time("big", () -> new BigNodeBench(a.work(), a.bigEntries(), a.bigFeeds()).run(results, a.runs()));
        }
        if (a.sim()) {
            log("swarm simulator: " + a.simNodes() + " nodes, offline " + a.simOffline() + ", "
                    + a.simNodes().stream()
                            .map(n -> a.simRunsFor(n) + " swarm(s) of " + n)
                            .toList() + " × "
                    + a.simWindows() + " window(s), " + a.simJobs() + " at once");
            clock.time("sim", () -> {
                if (a.simJobs() > 1 && a.simNodes().size() * a.simOffline().size() > 1) {
                    new SimulatorJobs(a, a.simJobs(), a.work()).run(results, a.out());
                } else {
                    new SimulatorBench(
                                    a.simNodes(),
                                    a.simOffline(),
                                    a::simRunsFor,
                                    a.simWindows(),
                                    a.simPosts(),
                                    42,
                                    a.simDial(),
                                    a.simNat(),
                                    a.simRelay())
                            .run(results, a.out());
                }
            });
        }
        if (a.gateway()) {
            log(String.format("gateway path: %,d posts per throughput run, %d runs", a.gatewayPosts(), a.runs()));
            clock.time("gateway", () -> new GatewayBench(
                            a.work().resolve("gateway-path"),
                            a.gatewayPosts(),
                            a.quick() ? 4 : 10,
                            a.quick() ? 2 : 10, // 2,000 timed posts at 200/s per run: 20 above its p99
                            a.quick() ? 3 : 20,
                            "512m")
                    .run(a.runs(), results));
        }
        if (a.brokers()) {
            log(String.format(
                    "brokers: bare Mosquitto, Moquette, HiveMQ CE and the gateway, %,d messages per throughput run,"
                            + " %d rounds",
                    a.gatewayPosts(), a.runs()));
            clock.time("brokers", () -> new BrokerBench(
                            a.work().resolve("brokers"),
                            a.gatewayPosts(),
                            a.quick() ? 4 : 10,
                            a.quick() ? 2 : 10,
                            "512m")
                    .run(a.runs(), results));
        }
        if (a.memory()) {
            log(String.format(
                    "gateway memory: %,d accounts, -Xmx%s, %d runs",
                    a.gatewayAccounts(), GatewayMemoryBench.XMX, a.runs()));
            clock.time("memory", () -> new GatewayMemoryBench(a.work().resolve("gateway-memory"), a.gatewayAccounts())
                    .run(results, false, a.runs()));
        }
        if (a.history()) {
            log(String.format(
                    "history: %,d-entry gap from 1 and 3 capped peers, takeover, pruning; %d runs", a.gap(), a.runs()));
            clock.time("history", () -> new HistoryBench(a.work(), a.gap(), HistoryBench.UPLOAD_BYTES_PER_SECOND)
                    .run(results, a.runs()));
        }
        if (a.fuzz()) {
            log(String.format("fuzzing: %,d inputs", a.fuzzInputs()));
            clock.time("fuzz", () -> new FuzzBench(a.work(), a.fuzzInputs()).run(results));
        }
        if (a.hostile()) {
            log(String.format(
                    "hostile load: %,d-entry catch-ups with and without 10 hostile of 50 peers, %d runs",
                    a.entries(), a.runs()));
            clock.time("hostile", () -> new HostileBench(a.work(), a.entries()).run(a.runs(), results));
        }
        if (a.pg()) {
            log(String.format(
                    "PostgreSQL store: %,d-entry catch-up against H2, %d run pairs; reads on %,d entries",
                    a.pgEntries(), a.runs(), a.pgReadEntries()));
            clock.time("pg", () -> new PgBench(a.work(), a.pgEntries(), a.pgReadEntries()).run(results, a.runs()));
        }
        if (a.search()) {
            log(String.format("search: index and queries over %,d entries in %,d feeds", a.bigEntries(), a.bigFeeds()));
            clock.time("search", () -> new SearchBench(a.work(), a.bigEntries(), a.bigFeeds()).run(results, a.runs()));
        }
        if (a.relay()) {
            int n = a.quick() ? 2_000 : RelayBench.DEFAULT_ENTRIES;
            log(String.format("relay: %,d-entry catch-up through a relay and direct, %d runs", n, a.runs()));
            clock.time("relay", () -> new RelayBench(a.work(), n).run(a.runs(), results));
        }
        if (a.pkg()) {
            int starts = a.quick() ? 2 : PackageBench.RUNS;
            log(String.format(
                    "package: sizes, %d starts and client commands from the package and the checkout", starts));
            clock.time(
                    "package",
                    () -> new PackageBench(a.dist(), Path.of(""), a.work().resolve("package"), starts).run(results));
        }
        results.note("load average at end", Machine.loadAverage());
        results.runTime(clock.parts(), clock.totalSeconds());
        results.write(a.out(), String.join(" ", args));
        log(String.format(
                "wrote %s and latest.md; %s in all (limit %s)",
                a.out().resolve("latest.json"),
                Results.minutes(clock.totalSeconds()),
                Results.minutes(RunClock.LIMIT_SECONDS)));
        return results;
    }

    private static void log(String s) {
        System.err.println("== " + s);
    }
}
