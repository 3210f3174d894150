package org.scurry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Runs the swarm simulator's (size, offline share) runs in several child JVMs at once. One
 * simulation is one thread (a discrete-event loop in virtual time), so on 2 cores two of them side
 * by side take about half the wall time of one after the other. What they report does not depend on
 * it: reach, latency, copies and bytes are counted in simulated time, the CPU figure is the
 * simulating thread's, and each child JVM holds only its own simulation, so its heap figure is its
 * own. Only the wall-clock figure of each run shares the machine with the other job; a note says so.
 *
 * <p>The runs are spread over the jobs by their expected cost (longest first onto the least loaded
 * job); a job runs one child per size, with that size's shares given to it (a size's population is
 * built once per child, from the same seed as in one process, so the graph and identities are the
 * same). Each child is {@code BenchSuite --only sim ... --sim-jobs 1} writing its own {@code
 * latest.json} under {@code work}; its figures and notes are merged into the suite's results in
 * size-then-share order, and the chart is drawn from them.
 */
final class SimulatorJobs {
    /** JVM options of each child; override with BENCH_SIM_JAVA_OPTS (e.g. on a machine with less memory). */
    static final String DEFAULT_JAVA_OPTS = "-Xmx8g";

    /** One simulated size at one offline share, simulated {@code swarms} times. */
    record Item(int nodes, double offline, int swarms) {
        /**
         * Relative cost, a rough fit: a 10,000-node swarm's simulating thread took 114, 93 and 39 s
         * of CPU at 0, 30 and 60 % offline in the last full run (264, 173 and 70 s before the
         * Dialer's indexes); 1,000 nodes about a tenth.
         */
        double cost() {
            return swarms * nodes * Math.pow(1 - offline, 1.4);
        }
    }

    private final Args args;
    private final int jobs;
    private final Path work;

    SimulatorJobs(Args args, int jobs, Path work) {
        this.args = args;
        this.jobs = jobs;
        this.work = work;
    }

    /** Memory a 10,000-node child needs: its -Xmx8g heap grows to about 6–9 GiB resident. */
    static final long KIB_PER_JOB = 9L * 1024 * 1024;

    /**
     * Jobs to run at once: one per core, at most 2, and only as many as the memory available now
     * allows ({@link #KIB_PER_JOB} each; on a shared machine two 10,000-node simulations must not push
     * other work out of memory).
     */
    static int defaultJobs() {
        long availableKiB = kib(Machine.procLine(Path.of("/proc/meminfo"), "MemAvailable:"));
        int byMemory = (int) (availableKiB / KIB_PER_JOB);
        return Math.max(1, Math.min(2, Math.min(Runtime.getRuntime().availableProcessors(), byMemory)));
    }

    /** "23456789 kB" → 23456789; 0 when unknown. */
    static long kib(String meminfoValue) {
        try {
            return Long.parseLong(meminfoValue.replace("kB", "").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Splits the runs over the jobs: longest first, each onto the job with the least work so far. */
    static List<List<Item>> plan(
            List<Integer> sizes, List<Double> offline, java.util.function.IntUnaryOperator swarms, int jobs) {
        List<Item> items = new ArrayList<>();
        for (int n : sizes) {
            for (double f : offline) {
                items.add(new Item(n, f, swarms.applyAsInt(n)));
            }
        }
        items.sort(Comparator.comparingDouble(Item::cost).reversed());
        List<List<Item>> plan = new ArrayList<>();
        double[] load = new double[Math.min(jobs, items.size())];
        for (int j = 0; j < load.length; j++) {
            plan.add(new ArrayList<>());
        }
        for (Item item : items) {
            int least = 0;
            for (int j = 1; j < load.length; j++) {
                if (load[j] < load[least]) {
                    least = j;
                }
            }
            plan.get(least).add(item);
            load[least] += item.cost();
        }
        return plan;
    }

    void run(Results results, Path out) throws Exception {
        int natShares = args.simNat().size();
        List<List<Item>> plan = plan(args.simNodes(), args.simOffline(), n -> args.simRunsFor(n) * natShares, jobs);
        ExecutorService pool = Executors.newFixedThreadPool(plan.size());
        List<Future<String>> done = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int j = 0; j < plan.size(); j++) {
            List<Item> job = plan.get(j);
            Path jobDir = work.resolve("sim-job" + (j + 1));
            outs.add(jobDir);
            done.add(pool.submit(() -> runJob(job, jobDir)));
        }
        pool.shutdown();
        List<String> timings = new ArrayList<>();
        for (Future<String> f : done) {
            try {
                timings.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                pool.shutdownNow();
                throw new IllegalStateException(
                        "a simulator job failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        merge(outs, results);
        results.note(
                "simulator jobs",
                plan.size() + " child JVMs at once (" + javaOptions() + " each; "
                        + kib(Machine.procLine(Path.of("/proc/meminfo"), "MemAvailable:")) / (1024 * 1024)
                        + " GiB of memory available after them), one simulation at a time in each;"
                        + " each run's wall time was measured beside the other job: " + String.join("; ", timings));
        SimulatorBench.writeChart(args.simNodes(), args.simOffline(), results, out);
    }

    /** Runs one job's children one after the other; returns what it ran and how long it took. */
    private String runJob(List<Item> job, Path jobDir) throws IOException, InterruptedException {
        Map<Integer, List<Double>> bySize = new LinkedHashMap<>();
        for (int n : args.simNodes()) {
            for (Item i : job) {
                if (i.nodes() == n) {
                    bySize.computeIfAbsent(n, k -> new ArrayList<>()).add(i.offline());
                }
            }
        }
        long t0 = System.nanoTime();
        int child = 0;
        for (Map.Entry<Integer, List<Double>> e : bySize.entrySet()) {
            Path childOut = jobDir.resolve("size" + (++child));
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of(javaOptions().split("\\s+")));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(BenchSuite.class.getName());
            cmd.addAll(List.of(
                    "--only", "sim",
                    "--sim-nodes", Integer.toString(e.getKey()),
                    "--sim-offline", e.getValue().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    "--sim-runs", Integer.toString(args.simRunsFor(e.getKey())),
                    "--sim-windows", Integer.toString(args.simWindows()),
                    "--sim-posts", Integer.toString(args.simPosts()),
                    "--sim-dial", Integer.toString(args.simDial()),
                    "--sim-nat", args.simNat().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    "--sim-relays", Integer.toString(args.simRelay().relaysPerNode()),
                    "--sim-relay-clients", Integer.toString(args.simRelay().clientsPerRelay()),
                    "--sim-relay-tunnels", Integer.toString(args.simRelay().tunnelsPerRelay()),
                    "--sim-reversal", args.simRelay().reversal() ? "on" : "off",
                    "--sim-punch", Double.toString(args.simRelay().punchSuccess()),
                    "--sim-jobs", "1",
                    "--work", jobDir.resolve("work").toString(),
                    "--out", childOut.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            // The child's own run clock starts at its JVM; the suite's build belongs to the parent.
            pb.environment().keySet().removeIf(k -> k.startsWith("BENCH_BUILD_") || k.equals("BENCH_STARTED_MS"));
            Process p = pb.start();
            try {
                int exit = p.waitFor();
                if (exit != 0) {
                    throw new IllegalStateException("simulator child " + e.getKey() + " nodes, offline " + e.getValue()
                            + " exited with " + exit + " (its output is above)");
                }
            } finally {
                p.destroyForcibly();
            }
        }
        return String.format(
                Locale.ROOT,
                "%s in %.0f s",
                job.stream()
                        .map(i -> String.format(Locale.ROOT, "%,d × %.0f %%", i.nodes(), i.offline() * 100))
                        .collect(Collectors.joining(", ")),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Adds the children's simulator figures (size, then share order) and notes to {@code results}. */
    private void merge(List<Path> jobDirs, Results results) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Figure>> byKey = new LinkedHashMap<>();
        for (int n : args.simNodes()) {
            for (double f : args.simOffline()) {
                for (double x : args.simNat()) {
                    byKey.put(SimulatorBench.key(n, f, x), new ArrayList<>());
                }
            }
        }
        for (Path jobDir : jobDirs) {
            for (int child = 1; jobDir.resolve("size" + child).toFile().isDirectory(); child++) {
                JsonNode root = json.readTree(
                        jobDir.resolve("size" + child).resolve("latest.json").toFile());
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                root.path("figures").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Figure fig = figure(e.getKey(), e.getValue());
                    byKey.computeIfAbsent(keyOf(fig.name()), k -> new ArrayList<>())
                            .add(fig);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                root.path("notes").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().startsWith("load average")) {
                        results.note(e.getKey(), e.getValue().asText());
                    }
                }
            }
        }
        byKey.values().forEach(results::addAll);
    }

    /**
     * {@code sim.n10000.off30.reach3s} → {@code sim.n10000.off30}; {@code
     * sim.n10000.off30.nat70.reach3s} → {@code sim.n10000.off30.nat70}.
     */
    static String keyOf(String name) {
        String[] parts = name.split("\\.");
        if (parts.length >= 4 && parts[3].matches("nat\\d+")) {
            return String.join(".", parts[0], parts[1], parts[2], parts[3]);
        }
        return parts.length >= 3 ? parts[0] + "." + parts[1] + "." + parts[2] : name;
    }

    static Figure figure(String name, JsonNode o) {
        List<Double> values = new ArrayList<>();
        o.path("values").forEach(v -> values.add(v.asDouble()));
        Figure f = Figure.of(name, o.path("label").asText(), o.path("unit").asText(), values);
        JsonNode base = o.path("baseline");
        return base.isNumber()
                ? f.withBaseline(base.asDouble(), o.path("baselineSource").asText())
                : f;
    }

    static String javaOptions() {
        String opts = System.getenv("BENCH_SIM_JAVA_OPTS");
        return opts == null || opts.isBlank() ? DEFAULT_JAVA_OPTS : opts.trim();
    }
}
