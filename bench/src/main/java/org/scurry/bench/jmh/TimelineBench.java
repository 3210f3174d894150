package org.scurry.bench.jmh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.internal.store.H2Store;

/**
 * Timeline queries on the big node's store (1,000,000 entries by default, built by the suite's
 * stores part and shared with {@code BigNodeBench}): the newest page of 50 entries over 100 followed
 * feeds, as the API's timeline asks, and the newest 50 of one feed. The store's data directory
 * comes in system property {@value #STORE_PROPERTY} (set by {@link Microbenchmarks}); without it
 * the benchmark fails rather than measure an empty store.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TimelineBench {
    public static final String STORE_PROPERTY = "scurry.bench.timelineStore";
    static final int FOLLOWED = 100;
    static final int PAGE = 50;

    H2Store store;
    List<FeedId> followed;
    FeedId one;

    @Setup(Level.Trial)
    public void open() {
        String dir = System.getProperty(STORE_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException("no store to query: system property " + STORE_PROPERTY + " is not set");
        }
        store = H2Store.open(Path.of(dir).resolve("store"));
        List<FeedId> feeds = new ArrayList<>(store.clock().keySet());
        if (feeds.size() < 2) {
            throw new IllegalStateException("the store in " + dir + " holds " + feeds.size() + " feeds");
        }
        followed = feeds.subList(0, Math.min(FOLLOWED, feeds.size()));
        one = feeds.get(feeds.size() / 2);
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    @Benchmark
    public TimelinePage pageOf50Over100Feeds() {
        return store.timeline(followed, null, PAGE);
    }

    @Benchmark
    public Object newest50OfOneFeed() {
        return store.feedPage(one, Long.MAX_VALUE, PAGE);
    }
}
