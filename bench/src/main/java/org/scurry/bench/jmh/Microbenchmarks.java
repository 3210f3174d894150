package org.scurry.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.scurry.bench.Figure;

/**
 * Runs the JMH benchmarks of this package (fork 1, warm-up 2 × 1 s, measurement 3 × 1 s; quick: 1
 * × 0.5 s and 2 × 0.5 s) and turns each into a {@link Figure} over its measurement iterations.
 * JMH forks inherit this JVM's class path.
 */
public final class Microbenchmarks {
    /** Earlier figures to read the new ones against. */
    private static final Map<String, Object[]> BASELINES = Map.of(
            "CryptoBench.verifyRaw",
            new Object[] {10_000.0, "BouncyCastle verify/s, DESIGN.md §3"},
            "StoreBench.appendBatch256",
            new Object[] {3_600.0, "docs/storage.md: 3,600–4,100/s at 500 per call"},
            "StoreBench.appendOne",
            new Object[] {260.0, "docs/storage.md: 260–310/s"},
            "ThreadBench.threadOf200Replies",
            new Object[] {20.0, "issue 17: a thread of 200 replies assembled in ≤ 20 ms"});

    private Microbenchmarks() {}

    /**
     * Runs every benchmark of this package; {@code timelineStore} is the data directory of the store
     * {@link TimelineBench} queries (the big node's).
     */
    public static List<Figure> run(boolean quick, java.nio.file.Path timelineStore) throws RunnerException {
        TimeValue warm = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1);
        TimeValue measure = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1);
        Options opt = new OptionsBuilder()
                .include(Microbenchmarks.class.getPackageName() + "\\..*Bench\\..*")
                .forks(1)
                .warmupIterations(quick ? 1 : 2)
                .warmupTime(warm)
                .measurementIterations(quick ? 2 : 3)
                .measurementTime(measure)
                .threads(1)
                .jvmArgsAppend("-D" + TimelineBench.STORE_PROPERTY + "=" + timelineStore.toAbsolutePath())
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        List<Figure> figures = new ArrayList<>();
        for (RunResult r : results) {
            String full = r.getParams().getBenchmark();
            String shortName = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
            List<Double> values = new ArrayList<>();
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    values.add(i.getPrimaryResult().getScore());
                }
            }
            String unit = shortName.startsWith("StoreBench")
                    ? "entries/s"
                    : r.getPrimaryResult().getScoreUnit();
            // A benchmark with parameters (CryptoBench's crypto path) gets one figure per value.
            String params = r.getParams().getParamsKeys().stream()
                    .map(k -> r.getParams().getParam(k))
                    .collect(java.util.stream.Collectors.joining(","));
            String key = params.isEmpty() ? shortName : shortName + "[" + params + "]";
            Figure f = Figure.of("jmh." + key, "JMH " + key, unit, values);
            Object[] base = BASELINES.get(shortName);
            figures.add(base == null ? f : f.withBaseline((Double) base[0], (String) base[1]));
        }
        withRatio(figures, "jmh.HealthBench.ready", "jmh.HealthBench.apiStatus");
        return figures;
    }

    /**
     * Gives figure {@code key} the median of {@code against} from the same run as its baseline (the
     * readiness probe against {@code /api/status}'s work).
     */
    private static void withRatio(List<Figure> figures, String key, String against) {
        Figure base = figures.stream()
                .filter(f -> f.name().equals(against))
                .findFirst()
                .orElse(null);
        for (int i = 0; i < figures.size(); i++) {
            if (base != null && figures.get(i).name().equals(key)) {
                figures.set(i, figures.get(i).withBaseline(base.median(), "GET /api/status's Node#status, same run"));
            }
        }
    }
}
