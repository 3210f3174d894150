package org.scurry.bench;

import java.nio.file.Path;

/**
 * Command-line options of the benchmark mains. Sizes default to the full run; {@code --quick} picks
 * tiny ones that finish in a minute or two.
 *
 * @param quick tiny sizes and short JMH iterations
 * @param entries entries of the replicated feed
 * @param runs replication runs (median, min and max are taken over them)
 * @param bigEntries entries of the big node
 * @param bigFeeds feeds of the big node (entries are spread evenly)
 * @param jmh whether to run the JMH microbenchmarks
 * @param replication whether to run the replication and disk benchmark
 * @param big whether to run the big-node benchmark
 * @param history whether to run the history benchmark (ranges from 1 and 3 capped peers, takeover,
 *     storage with pruning)
 * @param gap entries of the gap the history benchmark fills from capped peers
 * @param work where stores are built and kept between runs
 * @param out where latest.json and latest.md are written
 */
record Args(
        boolean quick,
        int entries,
        int runs,
        int bigEntries,
        int bigFeeds,
        boolean jmh,
        boolean replication,
        boolean big,
        boolean history,
        int gap,
        Path work,
        Path out) {

    static final String USAGE =
            "options: [--quick] [--entries N] [--runs N] [--big-entries N] [--big-feeds N] [--gap N]"
                    + " [--only jmh|replication|big|history] [--skip jmh|replication|big|history] [--work DIR] [--out DIR]";

    static Args parse(String[] args) {
        boolean quick = false;
        for (String a : args) {
            quick |= a.equals("--quick");
        }
        int entries = quick ? 2_000 : 100_000;
        int runs = 3;
        int bigEntries = quick ? 20_000 : 1_000_000;
        int bigFeeds = quick ? 20 : 1_000;
        boolean jmh = true;
        boolean replication = true;
        boolean big = true;
        boolean history = true;
        int gap = quick ? 2_000 : 20_000;
        Path work = Path.of("bench", "target", "bench-data");
        Path out = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {}
                case "--entries" -> entries = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--big-entries" -> bigEntries = Integer.parseInt(args[++i]);
                case "--big-feeds" -> bigFeeds = Integer.parseInt(args[++i]);
                case "--gap" -> gap = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> {
                    String part = args[++i];
                    jmh = part.equals("jmh");
                    replication = part.equals("replication");
                    big = part.equals("big");
                    history = part.equals("history");
                }
                case "--skip" -> {
                    String part = args[++i];
                    jmh &= !part.equals("jmh");
                    replication &= !part.equals("replication");
                    big &= !part.equals("big");
                    history &= !part.equals("history");
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        if (entries < 1 || runs < 1 || bigFeeds < 1 || bigEntries < bigFeeds || gap < 1) {
            throw new IllegalArgumentException("sizes must be positive and big-entries ≥ big-feeds; " + USAGE);
        }
        return new Args(quick, entries, runs, bigEntries, bigFeeds, jmh, replication, big, history, gap, work, out);
    }
}
