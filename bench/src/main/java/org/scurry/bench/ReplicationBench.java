package org.scurry.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.CryptoChoice;
import org.scurry.swarm.crypto.SodiumUnavailableException;
import org.scurry.swarm.entry.EntryCodec;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.swarm.internal.store.H2Store;

/**
 * Catch-up over TCP between two node processes on loopback. The source holds {@link #FEEDS} feeds of N
 * entries (built offline, see {@link Feeds}); the reader dials it and first catches up the last feed
 * (reported as the cold figure: the fresh JVM is still compiling), then the others but the first
 * (unmeasured warm-up), then follows the first, and the clock runs from that {@code follow} command
 * until the reader's latest seq is N. The reader then verifies the whole
 * chain. In the same run, just before the measured catch-up (the nodes idle) and again after they
 * stopped, one core's Ed25519 verify rate over the same entries is measured; the faster of the two
 * gives the ceiling (× cores) that replication is compared with.
 *
 * <p>Per run it also measures the TCP payload both ways (from {@code ss}, see {@link
 * ProcInfo#tcpBytes}) and the reader's store size, open and after close.
 *
 * <p>Each run is made once per Ed25519 path, libsodium and BouncyCastle ({@code -Dscurry.crypto=} in
 * both node processes, and the bench JVM's own loops switched to match), one after the other in an
 * order that alternates from run to run: the {@code replication.*} figures are libsodium's (its
 * ceiling is the one the issue asks about), {@code replication.bouncycastle.*} the same catch-up
 * on BouncyCastle, and {@code replication.sodiumOver*} their ratios run by run. Without libsodium
 * the {@code replication.*} figures are BouncyCastle's and a note says so.
 *
 * <p>Why it is long: one run drives two node processes through cold, warm-up and measured catch-ups
 * on each Ed25519 path and measures around them (CPU by thread, TCP bytes, store size, the one-core
 * verify ceiling before and after); the node processes (BenchNodeProcess), feeds (Feeds) and
 * figures (Results) are elsewhere.
 */
public final class ReplicationBench {
    /** Target of issue 19 (libsodium): entries per second over loopback. */
    public static final double TARGET_ENTRIES_PER_SECOND = 30_000;
    /** Target of issue 19: fraction of libsodium's verify ceiling. */
    public static final double TARGET_CEILING_RATIO = 0.75;
    /** Target of issue 19: CPU per entry, both processes, at most. */
    public static final double TARGET_CPU_MICROS = 80;
    /** Target of issue 19: the first catch-up of a fresh reader JVM. */
    public static final double TARGET_COLD_ENTRIES_PER_SECOND = 20_000;
    /** Targets of the replication issue, kept for the BouncyCastle path. */
    public static final double BC_TARGET_ENTRIES_PER_SECOND = 15_000;

    public static final double BC_TARGET_CEILING_RATIO = 0.7;
    /** DESIGN.md §4 / docs/storage.md: store file at most 2 × the encoded entries. */
    public static final double TARGET_DISK_RATIO = 2.0;

    private static final double CEILING_SECONDS = 3.0;
    /** The JIT has settled when neither node's compilers worked for this long. */
    private static final int JIT_QUIET_MILLIS = 1000;
    /** The reader's chunk verifier threads, by their kernel name (15 characters, summed). */
    private static final String VERIFY_THREADS = "reader: scurry-chunk-ve";
    /**
     * Feeds in the source store: five warm-up catch-ups, then the measured one. With three, the
     * measured catch-up held a once-per-JVM event: the reader's H2 layout map (one key per file
     * chunk) first split a leaf, whose memory estimate takes a branch C2 had pruned from
     * MVMap.operate; the trap threw out the compiled operate that every append uses and C2 spent
     * 0.7 s recompiling it (JFR jdk.Deoptimization on the H2-serialization thread, LogCompilation;
     * 2026-12-07). Two more warm-ups move it before the clock: 0.43-1.31 s of compiler time in the
     * window instead of 1.31-1.78 s, catch-up ÷ ceiling 0.735-0.771 against 0.667-0.717 in
     * alternated sets of three on the same machine.
     */
    static final int FEEDS = 6;

    /** One catch-up. */
    record Run(
            double seconds,
            double verifyCeiling,
            double verifySingleCore,
            OptionalLong wireBytes,
            long readerEntries,
            long openStoreBytes,
            long closedStoreBytes,
            long verified,
            double verifyChainSeconds,
            double coldSeconds,
            double verifyAllCores,
            double verifyCpuNanosPerEntry,
            OptionalLong catchUpCpuNanos,
            OptionalLong readerVerifyThreadsCpuNanos,
            double readerVerifySingleCore,
            String cpuByThread) {}

    /** One thread's verify loop: entries per second of wall time and CPU nanoseconds per entry. */
    record VerifyRate(double perSecond, double cpuNanosPerEntry) {}

    private final Path work;
    private final int entries;
    private final String xmx;

    public ReplicationBench(Path work, int entries, String xmx) {
        this.work = work;
        this.entries = entries;
        this.xmx = xmx;
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        Results results = new Results();
        new ReplicationBench(a.work(), a.entries(), "256m").run(a.runs(), results);
        results.write(a.out(), String.join(" ", args));
        System.out.println("wrote " + a.out().resolve("latest.md"));
    }

    /** Runs {@code runs} catch-ups and adds the replication and disk figures to {@code results}. */
    public void run(int runs, Results results) throws Exception {
        // FEEDS feeds of the same size: the reader catches up all but the first as warm-up (the
        // first of them cold: a fresh JVM spends much of it compiling), then the measured first
        // one, as a node that has been running would (see once()).
        Feeds.Built source = sourceStore(work, entries, results);
        List<byte[]> sample = sample(source, Math.min(entries, 20_000));
        List<CryptoChoice> paths = paths(results);
        Crypto.Selection initial = Crypto.current();
        Map<CryptoChoice, List<Run>> done = new EnumMap<>(CryptoChoice.class);
        try {
            for (int i = 1; i <= runs; i++) {
                // alternate which path goes first, so neither always meets the other's leftovers
                List<CryptoChoice> order = new ArrayList<>(paths);
                if (i % 2 == 0) {
                    Collections.reverse(order);
                }
                for (CryptoChoice path : order) {
                    Run r = once(
                            path, source, sample, work.resolve("reader-" + entries + "-run" + i + "-" + path.text()));
                    System.err.printf(
                            "replication run %d (%s): %,d entries in %.2f s = %,.0f entries/s; ceiling %,.0f/s; %s%n",
                            i,
                            path.text(),
                            entries,
                            r.seconds(),
                            entries / r.seconds(),
                            r.verifyCeiling(),
                            r.cpuByThread());
                    done.computeIfAbsent(path, p -> new ArrayList<>()).add(r);
                }
            }
        } finally {
            Crypto.select(initial.sodium() ? CryptoChoice.SODIUM : CryptoChoice.BOUNCYCASTLE);
        }
        List<Run> primary = done.get(paths.get(0));
        results.addAll(figures(source, primary, "replication", paths.get(0) == CryptoChoice.SODIUM));
        List<Run> bc = done.get(CryptoChoice.BOUNCYCASTLE);
        if (paths.size() > 1 && bc != null) {
            results.addAll(secondPath(figures(source, bc, "replication.bouncycastle", false)));
            results.addAll(comparisons(primary, bc));
            results.note(
                    "catch-up CPU by thread (last run, BouncyCastle)",
                    bc.get(bc.size() - 1).cpuByThread());
        }
        if (!primary.isEmpty()) {
            results.note(
                    "catch-up CPU by thread (last run" + (paths.size() > 1 ? ", libsodium)" : ")"),
                    primary.get(primary.size() - 1).cpuByThread());
        }
        if (primary.stream().anyMatch(r -> r.wireBytes().isEmpty())) {
            results.note("wire bytes", "not measured: `ss -ti` printed no bytes_sent/bytes_received counters");
        }
    }

    /** libsodium then BouncyCastle; BouncyCastle alone, with a note, when libsodium cannot load. */
    private static List<CryptoChoice> paths(Results results) {
        try {
            String name = Crypto.select(CryptoChoice.SODIUM).name();
            results.note(
                    "replication paths",
                    name + " (replication.*) and BouncyCastle (replication.bouncycastle.*)"
                            + ", each run made on both, alternating which goes first");
            return List.of(CryptoChoice.SODIUM, CryptoChoice.BOUNCYCASTLE);
        } catch (SodiumUnavailableException e) {
            results.note("replication paths", "BouncyCastle only (replication.* are its figures): " + e.getMessage());
            return List.of(CryptoChoice.BOUNCYCASTLE);
        }
    }

    /** The second path's headline figures: the rest (disk, wire, chain) is the first path's. */
    private static List<Figure> secondPath(List<Figure> all) {
        List<String> keep = List.of(
                "entriesPerSecond",
                "coldEntriesPerSecond",
                "verifySingleCore",
                "verifyCeiling",
                "ceilingRatio",
                "readerCeilingRatio",
                "cpuMicrosPerEntry",
                "verifyCpuShare",
                "nodeVerifyCost");
        return all.stream()
                .filter(f -> keep.contains(f.name().substring(f.name().lastIndexOf('.') + 1)))
                .map(f -> new Figure(
                        f.name(),
                        f.label() + " — BouncyCastle",
                        f.unit(),
                        f.values(),
                        f.baseline(),
                        f.baselineSource()))
                .toList();
    }

    /** libsodium ÷ BouncyCastle, run by run (the two catch-ups of one run are minutes apart at most). */
    private List<Figure> comparisons(List<Run> sodium, List<Run> bc) {
        List<Figure> f = new ArrayList<>();
        int n = Math.min(sodium.size(), bc.size());
        List<Double> rate = new ArrayList<>();
        List<Double> verify = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rate.add(
                    sodium.get(i).seconds() > 0
                            ? bc.get(i).seconds() / sodium.get(i).seconds()
                            : 0);
            verify.add(sodium.get(i).verifySingleCore() / bc.get(i).verifySingleCore());
            if (sodium.get(i).catchUpCpuNanos().isPresent()
                    && bc.get(i).catchUpCpuNanos().isPresent()) {
                cpu.add((double) sodium.get(i).catchUpCpuNanos().getAsLong()
                        / bc.get(i).catchUpCpuNanos().getAsLong());
            }
        }
        f.add(Figure.of(
                "replication.sodiumOverBouncyCastle",
                "catch-up rate, libsodium ÷ BouncyCastle, same run",
                "ratio",
                rate));
        f.add(Figure.of(
                "replication.sodiumOverBouncyCastleVerify",
                "one-core verify loop, libsodium ÷ BouncyCastle, same run",
                "ratio",
                verify));
        if (cpu.size() == n) {
            f.add(Figure.of(
                    "replication.sodiumOverBouncyCastleCpu",
                    "catch-up CPU per entry, libsodium ÷ BouncyCastle, same run",
                    "ratio",
                    cpu));
        }
        return f;
    }

    /**
     * The source's data directory ({@link #FEEDS} feeds of {@code entries}), built when absent; notes the build
     * in {@code results} when it was built now.
     */
    static Feeds.Built sourceStore(Path work, int entries, Results results) throws Exception {
        Feeds.Built source = Feeds.ensure(work.resolve("source-" + FEEDS + "x" + entries), FEEDS, entries);
        if (source.buildSeconds() > 0) {
            results.note("source build", Feeds.describeBuild(source));
        }
        return source;
    }

    private Run once(CryptoChoice path, Feeds.Built source, List<byte[]> sample, Path readerDir) throws Exception {
        Feeds.deleteTree(readerDir);
        FeedId feed = source.feeds().get(0);
        int cores = Runtime.getRuntime().availableProcessors();
        Crypto.select(path); // the bench JVM's own loops below verify on the same path as the nodes
        List<String> jvm = List.of("-D" + Crypto.PROPERTY + "=" + path.text());
        try (BenchNodeProcess src = BenchNodeProcess.start(source.dataDir(), xmx, jvm);
                BenchNodeProcess reader = BenchNodeProcess.start(readerDir, xmx, jvm, src.address())) {
            Await.until("the reader to link to the source", 60, () -> reader.numbers("peers")[0] >= 1);
            // Five warm-up catch-ups (see FEEDS for the last two): after the first, C2 still had a quarter of the next
            // catch-up's CPU to spend (hot methods queued late, and recompiled when the new feed
            // took branches the first never took); after the second still 7-9 %: each new catch-up
            // began with type-profile deoptimisations in H2 (Value.convertToBigint,
            // DataChangeStatement.update, MVMap.append array checks) and C2 recompiled
            // MVMap.operate for over a second (JFR, docs/performance.md). After the third the
            // compilers still take 2-6 % of the measured catch-up's CPU (methods called once per
            // chunk reach C2 late; a new author's first entry trips the unstable-if trap on
            // Ed25519PublicKey's cached point, which recompiles that wrapper, not BouncyCastle's
            // code): the per-thread note shows it for every run.
            double coldSeconds = 0;
            for (int w = FEEDS - 1; w >= 1; w--) {
                FeedId warmUp = source.feeds().get(w);
                long c0 = System.nanoTime();
                reader.ask("follow " + warmUp);
                Await.progress("the reader to hold warm-up feed " + w, 60, () -> reader.seq(warmUp), entries);
                if (w == FEEDS - 1) {
                    coldSeconds = (System.nanoTime() - c0) / 1e9;
                }
            }
            // The warm-ups leave C2 a queue (with two cores busy verifying, the compiler threads get
            // a small share of them): without this wait the measured catch-up paid for compiling
            // the warm-ups' hot code, 0.6-1.8 s of compiler time (jit+compilation log: about 400
            // compilations in the window, a third at tier 2, which HotSpot picks when C2's queue is
            // long). A node that has run for a while has none of that left; the one-core ceiling
            // is likewise measured after its warm-up. The cold figure above keeps the JIT's cost.
            long jitWait = Await.settled(JIT_QUIET_MILLIS, 30, () -> src.numbers("jit")[0] + reader.numbers("jit")[0]);
            // The ceiling's first loop runs now, the nodes idle, seconds before the clock starts: on
            // this shared host the same code's speed drifts by 20-45 % within a minute, and a loop
            // run before the nodes started (as until 2026-12-07) was 30-40 s away from the catch-up.
            VerifyRate before = verifyRate(sample);
            double allCores = verifyRateOnThreads(sample, cores);
            OptionalLong wire0 = ProcInfo.tcpBytes(src.port());
            OptionalLong cpu0 = cpuNanos(src, reader);
            Map<String, Long> threads0 = threadCpu(src, reader);
            long jit0 = src.numbers("jit")[0] + reader.numbers("jit")[0];
            long t0 = System.nanoTime();
            reader.ask("follow " + feed);
            Await.progress("the reader to hold " + entries + " entries", 60, () -> reader.seq(feed), entries);
            double seconds = (System.nanoTime() - t0) / 1e9;
            OptionalLong cpu1 = cpuNanos(src, reader);
            Map<String, Long> threads1 = threadCpu(src, reader);
            OptionalLong verifyThreadsCpu = threads1.containsKey(VERIFY_THREADS)
                    ? OptionalLong.of(threads1.get(VERIFY_THREADS) - threads0.getOrDefault(VERIFY_THREADS, 0L))
                    : OptionalLong.empty();
            String cpuByThread = threadShares(threads0, threads1)
                    + String.format(
                            "; JIT compilers worked %d ms during it (both JVMs' CompilationMXBean),"
                                    + " after %d ms waiting for them to settle",
                            src.numbers("jit")[0] + reader.numbers("jit")[0] - jit0, jitWait);
            OptionalLong wire1 = ProcInfo.tcpBytes(src.port());
            OptionalLong wire = wire0.isPresent() && wire1.isPresent()
                    ? OptionalLong.of(wire1.getAsLong() - wire0.getAsLong())
                    : OptionalLong.empty();
            long v0 = System.nanoTime();
            String verified = reader.ask("verify " + feed, 600);
            double verifySeconds = (System.nanoTime() - v0) / 1e9;
            if (!verified.equals("verified " + entries)) {
                throw new IllegalStateException("reader's chain did not verify: " + verified);
            }
            // The one-core loop again, inside the reader, seconds after its catch-up: on this shared
            // host the same code ran 20-45 % faster or slower from one half-minute to the next
            // (2026-12-07: 9,511/s before the nodes, 13,768/s here, 11,625/s after them), so a
            // ceiling measured elsewhere and earlier can be far from what the reader had.
            String loop = reader.ask("verifyloop " + feed + " " + sample.size(), 60);
            if (!loop.startsWith("verifyloop ")) {
                throw new IllegalStateException("reader's verify loop failed: " + loop);
            }
            double readerSingle = Double.parseDouble(loop.split(" ")[1]);
            long[] stats = reader.numbers("stats");
            reader.close();
            src.close();
            long closed = Feeds.storeBytes(readerDir);
            // The one-core rate again, the nodes gone: on a shared machine a neighbour's burst
            // during one 3 s loop drags the ceiling down and would flatter the ratio (a ceiling of
            // 15,616/s against 28,135/s in the next run was seen); the faster of the two counts.
            VerifyRate after = verifyRate(sample);
            VerifyRate singleRate = after.perSecond() > before.perSecond() ? after : before;
            double single = singleRate.perSecond();
            double ceiling = single * cores;
            OptionalLong catchUpCpu = cpu0.isPresent() && cpu1.isPresent()
                    ? OptionalLong.of(cpu1.getAsLong() - cpu0.getAsLong())
                    : OptionalLong.empty();
            return new Run(
                    seconds,
                    ceiling,
                    single,
                    wire,
                    stats[1],
                    stats[2],
                    closed,
                    entries,
                    verifySeconds,
                    coldSeconds,
                    allCores,
                    singleRate.cpuNanosPerEntry(),
                    catchUpCpu,
                    verifyThreadsCpu,
                    readerSingle,
                    cpuByThread
                            + String.format(
                                    "; one-core loop %,.0f/s just before the catch-up, %,.0f/s in the reader after"
                                            + " it, %,.0f/s after the nodes",
                                    before.perSecond(), readerSingle, after.perSecond()));
        }
    }

    /** Per-thread CPU of both processes, keyed "source: name" and "reader: name". */
    private static Map<String, Long> threadCpu(BenchNodeProcess source, BenchNodeProcess reader) {
        Map<String, Long> all = new HashMap<>();
        ProcInfo.threadCpuNanos(source.pid()).forEach((k, v) -> all.put("source: " + k, v));
        ProcInfo.threadCpuNanos(reader.pid()).forEach((k, v) -> all.put("reader: " + k, v));
        return all;
    }

    /** The threads that used at least 0.5 % of the catch-up's CPU, largest first, as shares of it. */
    private static String threadShares(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> used = new HashMap<>();
        after.forEach((k, v) -> used.put(k, v - before.getOrDefault(k, 0L)));
        long total = used.values().stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            return "not measured (no /proc)";
        }
        StringBuilder out = new StringBuilder();
        used.entrySet().stream()
                .filter(e -> e.getValue() * 200 >= total)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(out.length() == 0 ? "" : "; ")
                        .append(String.format("%s %.1f %%", e.getKey(), 100.0 * e.getValue() / total)));
        return out.toString();
    }

    /** CPU time both node processes have used so far (empty without /proc). */
    private static OptionalLong cpuNanos(BenchNodeProcess a, BenchNodeProcess b) {
        OptionalLong x = ProcInfo.cpuNanos(a.pid());
        OptionalLong y = ProcInfo.cpuNanos(b.pid());
        return x.isPresent() && y.isPresent() ? OptionalLong.of(x.getAsLong() + y.getAsLong()) : OptionalLong.empty();
    }

    /** Encodings of the feed's first {@code n} entries, read from the source store. */
    private static List<byte[]> sample(Feeds.Built source, int n) {
        List<byte[]> out = new ArrayList<>(n);
        try (H2Store store = H2Store.open(source.dataDir().resolve("store"))) {
            FeedId feed = source.feeds().get(0);
            while (out.size() < n) {
                List<Entry> page = store.range(feed, out.size() + 1, n, 1000);
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(e -> out.add(e.encoded()));
            }
        }
        return out;
    }

    /**
     * Entries per second one thread decodes and signature-checks, as a receiver does: the author's
     * key, and with it its decoded curve point, comes from the feed-id intern table as for every
     * received entry, and the signature's own point is decoded for each. Runs for about 3 s after
     * 1 s of warm-up.
     */
    static VerifyRate verifyRate(List<byte[]> encodings) {
        loop(encodings, 1.0, 0);
        return loop(encodings, CEILING_SECONDS, 0);
    }

    /**
     * Entries per second {@code threads} threads decode and verify together, each over its own part
     * of the sample, for the same time as {@link #verifyRate}. Compared with one core's rate ×
     * cores it shows whether this machine's cores scale (virtual cores may share a physical one).
     */
    static double verifyRateOnThreads(List<byte[]> encodings, int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<VerifyRate>> loops = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int start = t * encodings.size() / threads;
                loops.add(() -> loop(encodings, CEILING_SECONDS, start));
            }
            double total = 0;
            for (Future<VerifyRate> f : pool.invokeAll(loops)) {
                total += f.get().perSecond();
            }
            return total;
        } catch (ExecutionException e) {
            throw new IllegalStateException("verify loop failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static VerifyRate loop(List<byte[]> encodings, double seconds, int start) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long n = 0;
        int i = start % encodings.size();
        while (System.nanoTime() < end) {
            if (!EntryCodec.verifySignature(EntryCodec.decode(encodings.get(i)))) {
                throw new IllegalStateException("sample entry " + i + " does not verify");
            }
            n++;
            i = (i + 1) % encodings.size();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new VerifyRate(n / wall, (double) (mx.getCurrentThreadCpuTime() - cpu0) / n);
    }

    /**
     * The figures of one path's runs, named {@code prefix.*}; {@code sodiumTargets} picks issue 19's
     * targets (libsodium) or the replication issue's (BouncyCastle) as baselines.
     */
    private List<Figure> figures(Feeds.Built source, List<Run> runs, String prefix, boolean sodiumTargets) {
        List<Figure> f = new ArrayList<>();
        String issue = sodiumTargets ? "target, issue 19 (libsodium)" : "target, replication issue";
        f.add(Figure.of(
                        prefix + ".entriesPerSecond",
                        "replication catch-up, " + String.format("%,d", entries) + " entries",
                        "entries/s",
                        Figure.values(runs, r -> entries / r.seconds()))
                .withBaseline(sodiumTargets ? TARGET_ENTRIES_PER_SECOND : BC_TARGET_ENTRIES_PER_SECOND, issue));
        f.add(Figure.of(prefix + ".seconds", "replication catch-up time", "s", Figure.values(runs, Run::seconds)));
        Figure cold = Figure.of(
                prefix + ".coldEntriesPerSecond",
                "same, first feed of a fresh reader JVM (warm-up, JIT compiling)",
                "entries/s",
                Figure.values(runs, r -> entries / r.coldSeconds()));
        f.add(sodiumTargets ? cold.withBaseline(TARGET_COLD_ENTRIES_PER_SECOND, issue) : cold);
        f.add(Figure.of(
                prefix + ".verifySingleCore",
                "Ed25519 decode+verify, one core (faster of just before the catch-up and after the nodes)",
                "entries/s",
                Figure.values(runs, Run::verifySingleCore)));
        f.add(Figure.of(
                prefix + ".verifyCeiling",
                "verify ceiling (one core × " + Runtime.getRuntime().availableProcessors() + " cores)",
                "entries/s",
                Figure.values(runs, Run::verifyCeiling)));
        f.add(Figure.of(
                        prefix + ".ceilingRatio",
                        "catch-up rate ÷ verify ceiling",
                        "ratio",
                        Figure.values(runs, r -> entries / r.seconds() / r.verifyCeiling()))
                .withBaseline(sodiumTargets ? TARGET_CEILING_RATIO : BC_TARGET_CEILING_RATIO, issue));
        int cores = Runtime.getRuntime().availableProcessors();
        f.add(Figure.of(
                prefix + ".readerVerifySingleCore",
                "the same loop inside the reader JVM, after its catch-up",
                "entries/s",
                Figure.values(runs, Run::readerVerifySingleCore)));
        f.add(Figure.of(
                prefix + ".readerCeilingRatio",
                "catch-up rate ÷ (the reader's own loop × " + cores + ")",
                "ratio",
                Figure.values(runs, r -> entries / r.seconds() / (r.readerVerifySingleCore() * cores))));
        f.add(Figure.of(
                prefix + ".verifyAllCores",
                "Ed25519 decode+verify, " + cores + " threads at once (sum)",
                "entries/s",
                Figure.values(runs, Run::verifyAllCores)));
        f.add(Figure.of(
                prefix + ".coreScaling",
                "verify on all cores ÷ (one core × " + cores + ")",
                "ratio",
                Figure.values(runs, r -> r.verifyAllCores() / r.verifyCeiling())));
        if (runs.stream().allMatch(r -> r.catchUpCpuNanos().orElse(0) > 0)) {
            Figure cpu = Figure.of(
                    prefix + ".cpuMicrosPerEntry",
                    "catch-up CPU per entry, source + reader processes",
                    "µs",
                    Figure.values(runs, r -> r.catchUpCpuNanos().getAsLong() / 1e3 / entries));
            f.add(sodiumTargets ? cpu.withBaseline(TARGET_CPU_MICROS, "at most, issue 19 (libsodium)") : cpu);
            f.add(Figure.of(
                    prefix + ".verifyCpuShare",
                    "verify's share of that CPU (one verify's CPU ÷ catch-up CPU per entry)",
                    "ratio",
                    Figure.values(
                            runs,
                            r -> r.verifyCpuNanosPerEntry()
                                    / ((double) r.catchUpCpuNanos().getAsLong() / entries))));
        }
        if (runs.stream().allMatch(r -> r.wireBytes().isPresent())) {
            f.add(Figure.of(
                    prefix + ".wireBytesPerEntry",
                    "TCP payload per entry, both directions",
                    "bytes",
                    Figure.values(runs, r -> (double) r.wireBytes().getAsLong() / entries)));
        }
        if (runs.stream().allMatch(r -> r.readerVerifyThreadsCpuNanos().isPresent())) {
            // Apart from the pipeline's other work: is the node's own signature check as fast as the
            // loop's? Its verifier threads also check content and timestamps (a few µs) but do not
            // decode (the network thread does).
            f.add(Figure.of(
                    prefix + ".nodeVerifyCost",
                    "reader's verifier threads: CPU per entry ÷ the one-core loop's",
                    "ratio",
                    Figure.values(
                            runs,
                            r -> r.readerVerifyThreadsCpuNanos().getAsLong()
                                    / (double) entries
                                    / r.verifyCpuNanosPerEntry())));
        }
        f.add(Figure.of(
                prefix + ".verifyChainSeconds",
                "reader re-verifies the whole chain",
                "s",
                Figure.values(runs, Run::verifyChainSeconds)));
        // The same JVM verifying alone on one thread (store reads and decoding included): when this is
        // well above 1 with the machine idle, the reader's compiled verify code is slower than the
        // loop's, whatever the pipeline does.
        f.add(Figure.of(
                prefix + ".chainVerifyCost",
                "reader's chain re-verify: time per entry ÷ the one-core loop's",
                "ratio",
                Figure.values(runs, r -> r.verifyChainSeconds() / entries * r.verifySingleCore())));
        f.add(Figure.of(
                "entries.avgEncodedBytes",
                "average encoded entry",
                "bytes",
                Figure.values(runs, r -> source.avgEncodedBytes())));
        f.add(Figure.of(
                "disk.bytesPerEntry",
                "reader's store per entry, closed",
                "bytes",
                Figure.values(runs, r -> (double) r.closedStoreBytes() / r.readerEntries())));
        f.add(Figure.of(
                        "disk.ratioToEncoded",
                        "reader's store ÷ encoded size, closed",
                        "ratio",
                        Figure.values(
                                runs,
                                r -> (double) r.closedStoreBytes() / r.readerEntries() / source.avgEncodedBytes()))
                .withBaseline(TARGET_DISK_RATIO, "limit, DESIGN.md §4 / docs/storage.md"));
        f.add(Figure.of(
                "disk.openRatioToEncoded",
                "reader's store ÷ encoded size, still open",
                "ratio",
                Figure.values(runs, r -> (double) r.openStoreBytes() / r.readerEntries() / source.avgEncodedBytes())));
        return f;
    }

    /** Figures for tests: runs once and returns them. */
    static List<Figure> measureOnce(Path work, int entries) throws Exception {
        Results r = new Results();
        new ReplicationBench(work, entries, "256m").run(1, r);
        return r.figures();
    }
}
