package org.scurry.bench.gateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.scurry.bench.Figure;
import org.scurry.bench.Results;

/**
 * The broker comparison (issue 19 item 3): the same load ({@link MqttLoad}: 10 devices publishing
 * at QoS 1, one subscriber taking every message back) through each bare broker of {@link
 * BareBroker.Kind}, and through the gateway end to end (MQTT post → signed entry → {@code
 * scurry/feed/{id}}), in rounds: each round starts every bare broker afresh, in an order that turns
 * round by round, and measures the gateway (one process for all rounds, warmed up once) in the
 * same round, so every ratio is of figures taken minutes apart on the same machine. Every client
 * socket has Nagle's algorithm off ({@link MqttLoad#noDelay}).
 *
 * <p>Per broker and round: messages/s (closed loop, at most {@code window} on their way), broker
 * CPU per message (its process's CPU time over that run ÷ messages, so the JVM's JIT and GC count),
 * p50/p99 at 200 messages/s (open loop), lost messages; the start-up (start call → listening, in
 * the JVM; and process spawn → a TCP connect succeeds) and, for a JVM broker, its heap after a full
 * GC after the runs with the clients still connected. Each fresh broker first takes a warm-up run
 * as large as the measured one, so the JVM brokers are compared with their JIT done, as in a
 * long-running gateway.
 */
public final class BrokerBench {
    private static final int STALL_SECONDS = 30;

    private final Path work;
    private final int messages;
    private final int window;
    private final int publishers;
    private final int rateSeconds;
    private final String xmx;

    /** One broker's measurements in one round. */
    private record BrokerRun(
            double startMs,
            double spawnToAcceptMs,
            MqttLoad.Outcome throughput,
            double cpuMicrosPerMessage,
            MqttLoad.Outcome rate,
            double heapMiB,
            double rssMiB) {}

    /**
     * @param work a folder for the brokers' and the gateway's files (emptied first)
     * @param messages messages per throughput run
     * @param publishers device clients the messages are spread over
     * @param rateSeconds seconds of each 200/s run
     * @param xmx heap limit of each JVM broker and of the gateway
     */
    public BrokerBench(Path work, int messages, int publishers, int rateSeconds, String xmx) {
        this.work = work;
        this.messages = messages;
        this.window = Math.min(1_000, Math.max(10, messages / 10));
        this.publishers = publishers;
        this.rateSeconds = rateSeconds;
        this.xmx = xmx;
    }

    public void run(int runs, Results results) throws Exception {
        boolean nagle = MqttLoad.noDelay;
        MqttLoad.noDelay = true; // every client of this comparison: see MqttLoad.noDelay
        try {
            measure(runs, results);
        } finally {
            MqttLoad.noDelay = nagle;
        }
    }

    private void measure(int runs, Results results) throws Exception {
        GatewayBench.delete(work);
        // -Dscurry.bench.brokers=mosquitto,hivemq measures only those (to look into one).
        String only = System.getProperty("scurry.bench.brokers", "");
        BareBroker.Kind[] kinds = java.util.Arrays.stream(BareBroker.Kind.values())
                .filter(k -> only.isBlank()
                        || java.util.Arrays.asList(only.split(",")).contains(k.key))
                .toArray(BareBroker.Kind[]::new);
        Map<BareBroker.Kind, List<BrokerRun>> brokers = new EnumMap<>(BareBroker.Kind.class);
        List<String> notMeasured = new ArrayList<>();
        List<MqttLoad.Outcome> gwThroughput = new ArrayList<>();
        List<MqttLoad.Outcome> gwRate = new ArrayList<>();
        List<Double> gwCpu = new ArrayList<>();
        List<Double> gwOverMosquitto = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long storedBefore;
        long storedAfter;
        int expected = 0;
        try (GatewayProcess gw = GatewayProcess.start(work.resolve("gateway"), xmx, null)) {
            List<GatewayProcess.Account> accounts = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                accounts.add(gw.createAccount("device" + i));
            }
            GatewayProcess.Account reader = gw.createAccount("reader");
            try (MqttLoad gwLoad = GatewayBench.gatewayLoad(gw, accounts, reader)) {
                gwLoad.throughput("warm-up", Math.max(100, messages / 5), window, STALL_SECONDS);
                storedBefore = gw.status().path("entries").asLong();
                for (int round = 0; round < runs; round++) {
                    Double mosquittoRate = null;
                    for (int k = 0; k <= kinds.length; k++) {
                        int slot = (k + round) % (kinds.length + 1);
                        if (slot == kinds.length) {
                            long cpu0 = ProcCpu.of(gw.pid());
                            MqttLoad.Outcome t = gwLoad.throughput("gw", messages, window, STALL_SECONDS);
                            long cpu1 = ProcCpu.of(gw.pid());
                            gwThroughput.add(t);
                            gwCpu.add((cpu1 - cpu0) / 1e3 / Math.max(1, t.received()));
                            gwRate.add(gwLoad.atRate(
                                    "gw-rate",
                                    (int) (GatewayBench.RATE * rateSeconds),
                                    GatewayBench.RATE,
                                    STALL_SECONDS));
                            expected += messages + (int) (GatewayBench.RATE * rateSeconds);
                            errors.addAll(t.errors());
                            errors.addAll(gwRate.get(gwRate.size() - 1).errors());
                            continue;
                        }
                        BareBroker.Kind kind = kinds[slot];
                        try {
                            BrokerRun r = measure(kind, round);
                            brokers.computeIfAbsent(kind, x -> new ArrayList<>())
                                    .add(r);
                            r.throughput().errors().forEach(x -> errors.add(kind.key + ": " + x));
                            r.rate().errors().forEach(x -> errors.add(kind.key + " at 200/s: " + x));
                        } catch (java.io.IOException e) {
                            notMeasured.add(kind.label + ": " + e.getMessage());
                        }
                    }
                }
                storedAfter = gw.status().path("entries").asLong();
            }
            if (!gw.isAlive() || gw.logMentionsOutOfMemory()) {
                throw new IllegalStateException("the gateway died or ran out of memory; see " + gw.log());
            }
        }
        List<BrokerRun> mosquitto = brokers.getOrDefault(BareBroker.Kind.MOSQUITTO, List.of());
        for (int i = 0; i < gwThroughput.size() && i < mosquitto.size(); i++) {
            gwOverMosquitto.add(
                    rate(gwThroughput.get(i)) / rate(mosquitto.get(i).throughput()));
        }
        addFigures(results, brokers, gwThroughput, gwRate, gwCpu, gwOverMosquitto);
        long stored = storedAfter - storedBefore;
        results.note(
                "brokers.gateway.stored",
                String.format(
                        "%,d entries stored by the gateway during the measured runs for %,d posts published",
                        stored, expected));
        if (stored < expected) {
            results.note("brokers.gateway.lostInStore", (expected - stored) + " posts published never became entries");
        }
        if (!notMeasured.isEmpty()) {
            results.note("brokers.notMeasured", String.join("; ", notMeasured));
        }
        if (!errors.isEmpty()) {
            results.note("brokers.errors", String.join("; ", errors.subList(0, Math.min(10, errors.size()))));
        }
    }

    private BrokerRun measure(BareBroker.Kind kind, int round) throws Exception {
        Path dir = work.resolve(kind.key + "-" + round);
        try (BareBroker b = BareBroker.start(kind, dir, xmx);
                MqttLoad load = GatewayBench.rawLoad(b.port(), publishers)) {
            // As many as measured: a fresh JVM broker is compared warm, as the gateway's would run.
            load.throughput("warm-up", messages, window, STALL_SECONDS);
            long cpu0 = cpu(b);
            MqttLoad.Outcome t = load.throughput(kind.key, messages, window, STALL_SECONDS);
            long cpu1 = cpu(b);
            MqttLoad.Outcome r = load.atRate(
                    kind.key + "-rate", (int) (GatewayBench.RATE * rateSeconds), GatewayBench.RATE, STALL_SECONDS);
            OptionalLong heap = b.heapBytes();
            OptionalLong rss = b.rssBytes();
            return new BrokerRun(
                    b.startMs(),
                    b.spawnToAcceptMs(),
                    t,
                    (cpu1 - cpu0) / 1e3 / Math.max(1, t.received()),
                    r,
                    heap.isPresent() ? heap.getAsLong() / 1048576.0 : Double.NaN,
                    rss.isPresent() ? rss.getAsLong() / 1048576.0 : Double.NaN);
        }
    }

    private static long cpu(BareBroker b) {
        return b.cpuNanos().orElseThrow(() -> new IllegalStateException("no /proc CPU time for the broker"));
    }

    /** A process's CPU time from /proc, or a clear failure. */
    private static final class ProcCpu {
        static long of(long pid) {
            return org.scurry.bench.ProcInfo.cpuNanos(pid)
                    .orElseThrow(() -> new IllegalStateException("no /proc CPU time for process " + pid));
        }
    }

    private static double rate(MqttLoad.Outcome o) {
        return o.received() / o.seconds();
    }

    private void addFigures(
            Results results,
            Map<BareBroker.Kind, List<BrokerRun>> brokers,
            List<MqttLoad.Outcome> gwThroughput,
            List<MqttLoad.Outcome> gwRate,
            List<Double> gwCpu,
            List<Double> gwOverMosquitto) {
        List<BrokerRun> mosquitto = brokers.getOrDefault(BareBroker.Kind.MOSQUITTO, List.of());
        for (Map.Entry<BareBroker.Kind, List<BrokerRun>> e : brokers.entrySet()) {
            BareBroker.Kind kind = e.getKey();
            List<BrokerRun> runs = e.getValue();
            String k = "brokers." + kind.key;
            String name = "bare " + kind.label;
            results.add(Figure.of(
                    k + ".messagesPerSecond",
                    String.format(
                            "%s publish → subscribe, QoS 1, %,d messages, %d on their way", name, messages, window),
                    "messages/s",
                    Figure.values(runs, r -> rate(r.throughput()))));
            results.add(Figure.of(
                    k + ".cpuMicrosPerMessage",
                    name + ": broker process CPU per message (throughput run)",
                    "µs",
                    Figure.values(runs, BrokerRun::cpuMicrosPerMessage)));
            results.add(Figure.of(
                    k + ".lost",
                    name + ": messages that never arrived, throughput run",
                    "messages",
                    Figure.values(runs, r -> (double) r.throughput().lost())));
            results.add(Figure.of(
                    k + ".rate200.lost",
                    name + ": messages that never arrived, 200/s run",
                    "messages",
                    Figure.values(runs, r -> (double) r.rate().lost())));
            results.add(Figure.of(
                    k + ".rate200.p50Ms",
                    name + " at 200 messages/s, p50",
                    "ms",
                    Figure.values(runs, r -> ms(MqttLoad.quantile(r.rate().latencyNanos(), 0.5)))));
            results.add(Figure.of(
                    k + ".rate200.p99Ms",
                    name + " at 200 messages/s, p99",
                    "ms",
                    Figure.values(runs, r -> ms(MqttLoad.quantile(r.rate().latencyNanos(), 0.99)))));
            results.add(Figure.of(
                    k + ".spawnToAcceptMs",
                    name + ": process spawn → accepts a TCP connection",
                    "ms",
                    Figure.values(runs, BrokerRun::spawnToAcceptMs)));
            if (kind.embedded()) {
                results.add(Figure.of(
                        k + ".startMs",
                        name + ": start call → listening, inside its JVM (what the gateway pays)",
                        "ms",
                        Figure.values(runs, BrokerRun::startMs)));
                results.add(Figure.of(
                        k + ".heapMiB",
                        name + ": heap in use after a full GC, 11 clients connected",
                        "MiB",
                        Figure.values(runs, BrokerRun::heapMiB)));
            }
            results.add(Figure.of(
                    k + ".rssMiB",
                    name + ": resident memory after the runs",
                    "MiB",
                    Figure.values(runs, BrokerRun::rssMiB)));
            if (kind != BareBroker.Kind.MOSQUITTO && runs.size() == mosquitto.size()) {
                List<Double> rateRatio = new ArrayList<>();
                List<Double> cpuRatio = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    rateRatio.add(rate(runs.get(i).throughput())
                            / rate(mosquitto.get(i).throughput()));
                    cpuRatio.add(
                            runs.get(i).cpuMicrosPerMessage() / mosquitto.get(i).cpuMicrosPerMessage());
                }
                results.add(Figure.of(
                        k + ".ratioToMosquitto",
                        name + " ÷ bare Mosquitto messages/s, same round",
                        "ratio",
                        rateRatio));
                // Mosquitto's CPU over a tiny run may be under one /proc tick (10 ms): no ratio to 0.
                if (cpuRatio.stream().allMatch(Double::isFinite)) {
                    results.add(Figure.of(
                            k + ".cpuRatioToMosquitto",
                            name + " ÷ bare Mosquitto CPU per message, same round",
                            "ratio",
                            cpuRatio));
                }
            }
        }
        results.add(Figure.of(
                        "brokers.gateway.postsPerSecond",
                        String.format(
                                "gateway MQTT post → signed entry → feed topic, %,d posts, %d on their way",
                                messages, window),
                        "posts/s",
                        Figure.values(gwThroughput, BrokerBench::rate))
                .withBaseline(10_000, "issue 19 target"));
        results.add(Figure.of(
                "brokers.gateway.lost",
                "gateway: posts never seen on the feed topic",
                "posts",
                Figure.values(gwThroughput, o -> (double) o.lost())));
        results.add(Figure.of(
                "brokers.gateway.cpuMicrosPerPost",
                "gateway process CPU per post (broker, signing, store, feed)",
                "µs",
                gwCpu));
        if (!gwOverMosquitto.isEmpty()) {
            results.add(Figure.of(
                            "brokers.gateway.ratioToMosquitto",
                            "gateway ÷ bare Mosquitto messages/s, same round",
                            "ratio",
                            gwOverMosquitto)
                    .withBaseline(0.5, "issue 19 goal"));
        }
        results.add(Figure.of(
                "brokers.gateway.rate200.p50Ms",
                "gateway at 200 posts/s, p50",
                "ms",
                Figure.values(gwRate, o -> ms(MqttLoad.quantile(o.latencyNanos(), 0.5)))));
        results.add(Figure.of(
                        "brokers.gateway.rate200.p99Ms",
                        "gateway at 200 posts/s, p99",
                        "ms",
                        Figure.values(gwRate, o -> ms(MqttLoad.quantile(o.latencyNanos(), 0.99))))
                .withBaseline(10, "issue 19 target"));
        results.add(Figure.of(
                "brokers.gateway.rate200.lost",
                "gateway at 200 posts/s, never arrived",
                "posts",
                Figure.values(gwRate, o -> (double) o.lost())));
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }
}
