package org.scurry.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.FeedId;

/**
 * Honest catch-up while a node is attacked (issue 14): the source of {@link ReplicationBench} (a
 * node process, -Xmx256m) has 50 peers: 39 honest idle ones, the reader that catches up, and 10
 * hostile ones ({@link HostilePeers}: 4 stalling readers, 4 request flooders, 2 garbage senders).
 * In each run the same reader process catches up a warm-up feed (hostile peers on, so both JVMs
 * compile the code of both phases; then the JIT is left to settle), then four feeds, {@code
 * entries} entries each: unattacked, attacked, attacked, unattacked (the other way round in every
 * other run), so that the machine's speed drifting within the run weighs on both kinds alike; the
 * ratio of the two kinds' mean rates is the figure (target ≥ 0.8), with the source's heap in each:
 * the heap pools' peak use during the catch-up and the heap in use after a full GC at its end,
 * the hostile peers still connected (target: attacked ≤ 1.2 × unattacked).
 */
public final class HostileBench {
    public static final double TARGET_RATIO = 0.8;
    public static final double TARGET_HEAP_RATIO = 1.2;
    static final int HONEST_IDLE = 39;
    static final int STALLERS = 4;
    static final int FLOODERS = 4;
    static final int GARBAGE = 2;
    private static final String XMX = "256m";
    /** The JIT has settled when neither process's compilers worked for this long. */
    private static final int JIT_QUIET_MILLIS = 1000;

    /**
     * One phase of a run: catch-up seconds; the source's heap pools' peak use during it and its
     * heap after a full GC at its end (the hostile peers still connected in the attacked phase);
     * the source's counters.
     */
    record Phase(double seconds, long peakUsed, long live, long[] net, double suiteCpuSeconds, String cpuByThread) {
        /**
         * Catch-ups of one kind in a run as one: their mean time (the rate is entries ÷ it), the
         * larger heap, the later counters and thread split, the mean CPU of the suite's JVM.
         */
        static Phase of(List<Phase> phases) {
            Phase last = phases.get(phases.size() - 1);
            return new Phase(
                    phases.stream().mapToDouble(Phase::seconds).average().orElseThrow(),
                    phases.stream().mapToLong(Phase::peakUsed).max().orElseThrow(),
                    phases.stream().mapToLong(Phase::live).max().orElseThrow(),
                    last.net(),
                    phases.stream()
                            .mapToDouble(Phase::suiteCpuSeconds)
                            .average()
                            .orElseThrow(),
                    last.cpuByThread());
        }
    }

    /** One run: the two phases, and hostile connections made during the attacked one. */
    record Run(Phase clean, Phase attacked, long hostileConnections) {}

    private final Path work;
    private final int entries;

    public HostileBench(Path work, int entries) {
        this.work = work;
        this.entries = entries;
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        Results results = new Results();
        new HostileBench(a.work(), a.entries()).run(a.runs(), results);
        results.write(a.out(), String.join(" ", args));
    }

    /** Runs {@code runs} times and adds the figures (medians over runs). */
    public void run(int runs, Results results) throws Exception {
        Feeds.Built source = ReplicationBench.sourceStore(work, entries, results);
        List<Run> done = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Run r = once(source, work.resolve("hostile-reader-" + entries + "-run" + i), i % 2 == 0);
            System.err.printf(
                    "hostile run %d: %,.0f entries/s unattacked, %,.0f/s attacked (%.2f); source heap peak %,.0f vs"
                            + " %,.0f MiB, live at the end %,.0f vs %,.0f MiB; %d hostile connections%n",
                    i,
                    entries / r.clean().seconds(),
                    entries / r.attacked().seconds(),
                    r.clean().seconds() / r.attacked().seconds(),
                    r.clean().peakUsed() / 1048576.0,
                    r.attacked().peakUsed() / 1048576.0,
                    r.clean().live() / 1048576.0,
                    r.attacked().live() / 1048576.0,
                    r.hostileConnections());
            done.add(r);
        }
        String issue = "target, issue 14";
        results.add(Figure.of(
                "hostile.cleanEntriesPerSecond",
                String.format("catch-up of %,d entries from a node with %d honest peers", entries, HONEST_IDLE + 1),
                "entries/s",
                Figure.values(done, r -> entries / r.clean().seconds())));
        results.add(Figure.of(
                "hostile.attackedEntriesPerSecond",
                String.format("same, %d hostile peers attacking the node meanwhile", STALLERS + FLOODERS + GARBAGE),
                "entries/s",
                Figure.values(done, r -> entries / r.attacked().seconds())));
        results.add(Figure.of(
                        "hostile.ratio",
                        "attacked ÷ unattacked catch-up rate, same run",
                        "ratio",
                        Figure.values(
                                done, r -> r.clean().seconds() / r.attacked().seconds()))
                .withBaseline(TARGET_RATIO, issue));
        results.add(Figure.of(
                "hostile.cleanPeakHeapMiB",
                "source's heap, unattacked: pools' peak use",
                "MiB",
                Figure.values(done, r -> r.clean().peakUsed() / 1048576.0)));
        results.add(Figure.of(
                "hostile.attackedPeakHeapMiB",
                "source's heap, attacked: pools' peak use",
                "MiB",
                Figure.values(done, r -> r.attacked().peakUsed() / 1048576.0)));
        results.add(Figure.of(
                        "hostile.peakHeapRatio",
                        "attacked ÷ unattacked peak heap, same run",
                        "ratio",
                        Figure.values(
                                done,
                                r -> (double) r.attacked().peakUsed()
                                        / r.clean().peakUsed()))
                .withBaseline(TARGET_HEAP_RATIO, "limit, issue 14"));
        results.add(Figure.of(
                "hostile.cleanLiveHeapMiB",
                "source's heap, unattacked: in use after a full GC at the catch-up's end",
                "MiB",
                Figure.values(done, r -> r.clean().live() / 1048576.0)));
        results.add(Figure.of(
                "hostile.attackedLiveHeapMiB",
                "source's heap, attacked: in use after a full GC at the catch-up's end, hostile peers on",
                "MiB",
                Figure.values(done, r -> r.attacked().live() / 1048576.0)));
        results.add(Figure.of(
                        "hostile.liveHeapRatio",
                        "attacked ÷ unattacked live heap, same run",
                        "ratio",
                        Figure.values(
                                done,
                                r -> (double) r.attacked().live() / r.clean().live()))
                .withBaseline(TARGET_HEAP_RATIO, "limit, issue 14"));
        results.add(Figure.of(
                "hostile.peakQueuedMiB",
                "most bytes the source had queued for peers at once (whole run)",
                "MiB",
                Figure.values(done, r -> r.attacked().net()[1] / 1048576.0)));
        results.add(Figure.of(
                "hostile.connections",
                "hostile connections during the attacked catch-up",
                "connections",
                Figure.values(done, r -> (double) r.hostileConnections())));
        results.add(Figure.of(
                "hostile.attackersCpuSeconds",
                "CPU of the suite's JVM (the 39 honest idle and 10 hostile peers) during the attacked catch-up,"
                        + " on the same cores",
                "s",
                Figure.values(done, r -> r.attacked().suiteCpuSeconds())));
        Run last = done.get(done.size() - 1);
        results.note("hostile CPU by thread, last run, unattacked", last.clean().cpuByThread());
        results.note(
                "hostile CPU by thread, last run, attacked", last.attacked().cpuByThread());
        results.note(
                "hostile setup",
                String.format(
                        "%d run(s); the source (-Xmx%s) and the reader are node processes, the %d honest idle"
                                + " and %d hostile peers are transports in the suite's JVM, all on loopback; hostile"
                                + " peers: %d stalling readers, %d request flooders, %d garbage senders, each"
                                + " reconnecting %d ms after the source dropped it (a fresh identity each time);"
                                + " default budgets (stall timeout 30 s); at the end of the last run the source"
                                + " had dropped %d links for reading nothing and %d for flooding requests and"
                                + " refused %d connections",
                        done.size(),
                        XMX,
                        HONEST_IDLE,
                        STALLERS + FLOODERS + GARBAGE,
                        STALLERS,
                        FLOODERS,
                        GARBAGE,
                        HostilePeers.RECONNECT_MILLIS,
                        last.attacked().net()[2],
                        last.attacked().net()[5],
                        last.attacked().net()[4]));
    }

    private Run once(Feeds.Built source, Path readerDir, boolean attackedFirst) throws Exception {
        Feeds.deleteTree(readerDir);
        List<FeedId> feeds = source.feeds();
        try (BenchNodeProcess src =
                        BenchNodeProcess.start(source.dataDir(), XMX, List.of("-Dscurry.bench.loopbackPeers=128"));
                HostilePeers peers = new HostilePeers(src.address(), feeds, work.resolve("hostile-peers"));
                BenchNodeProcess reader = BenchNodeProcess.start(readerDir, XMX, List.of(), src.address())) {
            peers.honest(HONEST_IDLE);
            Await.until(
                    "the reader and the honest peers to link", 60, () -> src.numbers("peers")[0] >= HONEST_IDLE + 1);
            // Warm-up: a catch-up with the hostile peers on, so that both JVMs compile the code
            // of both phases (handshakes, answers, drops) before either is measured, as in a node
            // that has run for a while; then the compilers' queue is left to drain.
            FeedId warmUp = feeds.get(feeds.size() - 1);
            attacked(src, reader, peers, warmUp);
            Await.settled(JIT_QUIET_MILLIS, 60, () -> src.numbers("jit")[0] + reader.numbers("jit")[0]);
            // ABBA (or BAAB): two catch-ups of each kind, balanced against the machine's speed
            // drifting within the run (it is shared with other work).
            List<Phase> clean = new ArrayList<>();
            List<Phase> attacked = new ArrayList<>();
            long connections = 0;
            int next = feeds.size() - 2;
            for (boolean attack : attackedFirst
                    ? new boolean[] {true, false, false, true}
                    : new boolean[] {false, true, true, false}) {
                FeedId feed = feeds.get(next--);
                if (attack) {
                    attacked.add(attacked(src, reader, peers, feed));
                    connections = Math.max(connections, peers.connections());
                } else {
                    clean.add(phase(src, reader, feed));
                }
            }
            return new Run(Phase.of(clean), Phase.of(attacked), connections);
        }
    }

    /**
     * The hostile peers start together with the catch-up (their first connections, the stalling
     * readers' streams among them, overlap it); once it is done and every one of them has
     * connected, the source's heap is taken; then they stop.
     */
    private Phase attacked(BenchNodeProcess src, BenchNodeProcess reader, HostilePeers peers, FeedId feed)
            throws Exception {
        peers.attack(STALLERS, FLOODERS, GARBAGE);
        Phase p = phase(
                src,
                reader,
                feed,
                () -> Await.until(
                        "the hostile peers to connect",
                        60,
                        () -> peers.connections() >= STALLERS + FLOODERS + GARBAGE));
        peers.stopAttack();
        // Back to the honest peers alone before anything else is measured.
        Await.until("the hostile links to close", 120, () -> src.numbers("peers")[0] <= HONEST_IDLE + 1);
        return p;
    }

    private Phase phase(BenchNodeProcess src, BenchNodeProcess reader, FeedId feed) throws Exception {
        return phase(src, reader, feed, () -> {});
    }

    /** Times the catch-up of {@code feed}; then runs {@code before} and takes the source's heap. */
    private Phase phase(BenchNodeProcess src, BenchNodeProcess reader, FeedId feed, Step before) throws Exception {
        src.ask("heapreset");
        java.util.Map<String, Long> cpu0 = ProcInfo.threadCpuNanos(src.pid());
        java.util.Map<String, Long> rcpu0 = ProcInfo.threadCpuNanos(reader.pid());
        long me0 = ProcInfo.cpuNanos(ProcessHandle.current().pid()).orElse(0);
        long t0 = System.nanoTime();
        reader.ask("follow " + feed);
        Await.progress("the reader to hold " + entries + " entries", 120, () -> reader.seq(feed), entries);
        double seconds = (System.nanoTime() - t0) / 1e9;
        java.util.Map<String, Long> cpu1 = ProcInfo.threadCpuNanos(src.pid());
        java.util.Map<String, Long> rcpu1 = ProcInfo.threadCpuNanos(reader.pid());
        long me1 = ProcInfo.cpuNanos(ProcessHandle.current().pid()).orElse(0);
        String byThread = "source " + busiest(cpu0, cpu1) + "; reader " + busiest(rcpu0, rcpu1);
        System.err.printf(
                "hostile phase: %.2f s; CPU: this JVM (honest and hostile peers) %.2f s, %s%n",
                seconds, (me1 - me0) / 1e9, byThread);
        before.run();
        long[] heap = src.numbers("heap");
        return new Phase(seconds, heap[0], heap[1], src.numbers("net"), (me1 - me0) / 1e9, byThread);
    }

    /** The threads that used at least 0.05 s of CPU between the two readings, as "name s, ...". */
    private static String busiest(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
        StringBuilder b = new StringBuilder();
        after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() >= 50_000_000)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ")
                        .append(String.format("%s %.2f s", e.getKey(), e.getValue() / 1e9)));
        return b.length() == 0 ? "(none measured)" : b.toString();
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Figures for tests: runs once. */
    static List<Figure> measureOnce(Path work, int entries) throws Exception {
        Results r = new Results();
        new HostileBench(work, entries).run(1, r);
        return r.figures();
    }
}
