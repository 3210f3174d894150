package org.scurry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the parts of one suite run, so that the run itself shows whether the whole suite fits in
 * issue 6's 20 minutes: per part the wall time, the CPU time of this JVM and of the processes it
 * started and waited for (node, gateway, broker and Prosody processes, JMH's fork), and the load
 * average when the part ended (the machine is shared: a loaded run is slower, and the CPU column
 * says how much of it was ours).
 *
 * <p>The total runs from when {@code bench/run.sh} started (it passes {@code BENCH_STARTED_MS} and
 * the project build's wall and CPU seconds, {@code BENCH_BUILD_SECONDS} and {@code
 * BENCH_BUILD_CPU_SECONDS}), or from this JVM's start when run otherwise.
 */
public final class RunClock {
    /** Issue 6: the whole suite from a clean checkout in under 20 minutes on 2 cores. */
    public static final double LIMIT_SECONDS = 20 * 60;

    /**
     * One timed part.
     *
     * @param name the part ({@code build}, {@code jmh}, {@code sim}, ...)
     * @param wallSeconds elapsed real time
     * @param cpuSeconds CPU time of this JVM and its waited-for child processes; NaN when unknown
     * @param loadAtEnd the 1-minute load average when the part ended; NaN when unknown
     */
    public record Part(String name, double wallSeconds, double cpuSeconds, double loadAtEnd) {}

    /** What a part does; may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final long startedMillis;
    private final List<Part> parts = new ArrayList<>();

    /** Starts the clock at {@code startedMillis} (epoch ms) and records the build as the first part when given. */
    RunClock(long startedMillis, Part build) {
        this.startedMillis = startedMillis;
        if (build != null) {
            parts.add(build);
        }
    }

    /** From bench/run.sh's environment, or from this JVM's start without it. */
    public static RunClock fromEnvironment(Map<String, String> env) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long started = parseLong(env.get("BENCH_STARTED_MS"), jvmStart);
        Part build = null;
        String buildSeconds = env.get("BENCH_BUILD_SECONDS");
        if (buildSeconds != null) {
            build = new Part(
                    "build",
                    parseDouble(buildSeconds, Double.NaN),
                    parseDouble(env.get("BENCH_BUILD_CPU_SECONDS"), Double.NaN),
                    parseDouble(env.get("BENCH_BUILD_LOAD"), Double.NaN));
        }
        // run.sh's start comes before this JVM's, so the JVM's own start-up (class loading before
        // main) belongs to no part but to the total. Not the earlier of the two: a JVM that ran
        // other work before the suite (BenchSmokeIT's, after its other tests) would count that too.
        return new RunClock(started, build);
    }

    /** Runs {@code work} as the part {@code name} and records its times, also when it throws. */
    public void time(String name, Work work) throws Exception {
        long t0 = System.nanoTime();
        double cpu0 = cpuSeconds();
        try {
            work.run();
        } finally {
            double cpu1 = cpuSeconds();
            Part p = new Part(name, (System.nanoTime() - t0) / 1e9, cpu1 - cpu0, loadAverage1());
            synchronized (this) {
                parts.add(p);
            }
            System.err.printf(
                    Locale.ROOT,
                    "== %s took %.0f s wall, %.0f s CPU (load %.1f); %.0f s since the start%n",
                    name,
                    p.wallSeconds(),
                    p.cpuSeconds(),
                    p.loadAtEnd(),
                    totalSeconds());
        }
    }

    public synchronized List<Part> parts() {
        return List.copyOf(parts);
    }

    /** Wall seconds from the start of the run (bench/run.sh, build included) to now. */
    public double totalSeconds() {
        return (System.currentTimeMillis() - startedMillis) / 1000.0;
    }

    /** Utime + stime of this process and of its waited-for children, from /proc/self/stat. */
    static double cpuSeconds() {
        try {
            String[] f = ProcInfo.statFields(Files.readString(Path.of("/proc/self/stat")));
            // utime, stime, cutime, cstime are fields 14–17 of stat.
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return (double) ticks / ProcInfo.CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The 1-minute load average; NaN when unknown. */
    static double loadAverage1() {
        return parseDouble(Machine.loadAverage().split(" ")[0], Double.NaN);
    }

    private static long parseLong(String s, long otherwise) {
        try {
            return s == null ? otherwise : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static double parseDouble(String s, double otherwise) {
        try {
            return s == null ? otherwise : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
