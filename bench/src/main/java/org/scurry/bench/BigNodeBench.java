package org.scurry.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.scurry.swarm.FeedId;

/**
 * A node process with a 256 MB heap holding many entries (built offline by {@link Feeds} and kept
 * under the work directory between runs). A second node catches up one of its feeds over TCP; then
 * the big node serves timeline pages and feed pages. Reports that it stayed up, its resident
 * memory, and the time of each operation. Each run starts both processes afresh on the same big
 * store (the reader's is new each time).
 */
public final class BigNodeBench {
    static final String HEAP = "256m";
    private static final int TIMELINE_FEEDS = 100;
    private static final int PAGE = 50;
    private static final int PAGES = 10;
    private static final int REPEATS = 5;

    private final Path work;
    private final int entries;
    private final int feeds;

    public BigNodeBench(Path work, int entries, int feeds) {
        this.work = work;
        this.entries = entries;
        this.feeds = feeds;
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        Results results = new Results();
        new BigNodeBench(a.work(), a.bigEntries(), a.bigFeeds()).run(results, a.runs());
        results.write(a.out(), String.join(" ", args));
    }

    /**
     * The big node's data directory ({@code entries} spread over {@code feeds}), built when absent;
     * notes the build in {@code results} when it was built now.
     */
    static Feeds.Built store(Path work, int entries, int feeds, Results results) throws Exception {
        int perFeed = entries / feeds;
        Feeds.Built big = Feeds.ensure(work.resolve("big-" + feeds + "x" + perFeed), feeds, perFeed);
        if (big.buildSeconds() > 0) {
            results.note("big node build", Feeds.describeBuild(big));
        }
        return big;
    }

    /** What one run measured. */
    private record Run(
            double openSeconds,
            double catchUpSeconds,
            List<Double> timelineMillis,
            List<Double> feedPageMillis,
            OptionalLong rss,
            OptionalLong peak,
            long[] memory,
            double storeBytes) {}

    public void run(Results results, int runs) throws Exception {
        int perFeed = entries / feeds;
        Feeds.Built big = store(work, entries, feeds, results);
        String size = String.format("%,d entries in %,d feeds", big.entries(), feeds);
        List<Run> done = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            done.add(once(big, perFeed));
        }
        Run last = done.get(done.size() - 1);
        results.note(
                "big node",
                size + ", -Xmx" + HEAP + ": stayed up, no OutOfMemoryError, in " + runs + " run(s); heap in use"
                        + " after the reads of the last run " + last.memory()[0] / (1 << 20) + " MiB of "
                        + last.memory()[1] / (1 << 20) + " MiB");
        List<Figure> f = new ArrayList<>();
        f.add(Figure.of(
                "big.openSeconds", "big node: open store and start", "s", Figure.values(done, Run::openSeconds)));
        f.add(Figure.of(
                "big.catchUpSeconds",
                "big node → new node: catch up one " + String.format("%,d", perFeed) + "-entry feed",
                "s",
                Figure.values(done, Run::catchUpSeconds)));
        f.add(Figure.of(
                "big.catchUpEntriesPerSecond",
                "big node → new node: catch-up rate",
                "entries/s",
                Figure.values(done, x -> perFeed / x.catchUpSeconds())));
        f.add(Figure.of(
                "big.timelinePageMillis",
                "big node: timeline page of " + PAGE + " over " + Math.min(TIMELINE_FEEDS, feeds + 1) + " feeds",
                "ms",
                done.stream().flatMap(x -> x.timelineMillis().stream()).toList()));
        f.add(Figure.of(
                "big.feedPageMillis",
                "big node: newest " + PAGE + " of one feed",
                "ms",
                done.stream().flatMap(x -> x.feedPageMillis().stream()).toList()));
        ProcInfo.mib(done, Run::rss)
                .ifPresent(v -> f.add(Figure.of("big.rssMiB", "big node: resident memory (VmRSS)", "MiB", v)));
        ProcInfo.mib(done, Run::peak)
                .ifPresent(v -> f.add(Figure.of("big.peakRssMiB", "big node: peak resident memory (VmHWM)", "MiB", v)));
        f.add(Figure.of(
                "big.storeBytesPerEntry",
                "big node: store per entry, closed",
                "bytes",
                Figure.values(done, x -> x.storeBytes() / big.entries())));
        results.addAll(f);
    }

    private Run once(Feeds.Built big, int perFeed) throws Exception {
        FeedId feed = big.feeds().get(big.feeds().size() / 2);
        Path readerDir = work.resolve("big-reader");
        Feeds.deleteTree(readerDir);
        List<Double> timeline = new ArrayList<>();
        List<Double> feedPage = new ArrayList<>();
        boolean alive;
        boolean oom;
        OptionalLong rss;
        OptionalLong peak;
        long[] memory;
        double openSeconds;
        double catchUp;
        try (BenchNodeProcess node = BenchNodeProcess.start(big.dataDir(), HEAP);
                BenchNodeProcess reader = BenchNodeProcess.start(readerDir, HEAP, node.address())) {
            openSeconds = node.openNanos() / 1e9;
            Await.until("the reader to link to the big node", 120, () -> reader.numbers("peers")[0] >= 1);
            long t0 = System.nanoTime();
            reader.ask("follow " + feed);
            Await.progress("the reader to catch up " + perFeed + " entries", 120, () -> reader.seq(feed), perFeed);
            catchUp = (System.nanoTime() - t0) / 1e9;
            String verified = reader.ask("verify " + feed, 300);
            if (!verified.equals("verified " + perFeed)) {
                throw new IllegalStateException("caught-up feed did not verify: " + verified);
            }
            for (int i = 0; i < REPEATS; i++) {
                long[] t = node.numbers("timeline " + TIMELINE_FEEDS + " " + PAGE + " " + PAGES);
                if (t[0] != (long) PAGE * PAGES) {
                    throw new IllegalStateException("timeline read " + t[0] + " entries, expected " + PAGE * PAGES);
                }
                timeline.add(t[1] / 1e6 / PAGES);
                long[] p = node.numbers("feedpage " + feed + " " + PAGE);
                feedPage.add(p[1] / 1e6);
            }
            memory = node.numbers("memory");
            rss = ProcInfo.rssBytes(node.pid());
            peak = ProcInfo.peakRssBytes(node.pid());
            alive = node.isAlive();
            reader.close();
            node.close();
            oom = node.logMentionsOutOfMemory();
        }
        if (!alive || oom) {
            throw new IllegalStateException("the big node died or ran out of memory: alive=" + alive + " oom=" + oom);
        }
        return new Run(openSeconds, catchUp, timeline, feedPage, rss, peak, memory, Feeds.storeBytes(big.dataDir()));
    }
}
