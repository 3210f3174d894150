package org.scurry.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.scurry.swarm.Conversation;
import org.scurry.swarm.Entry;
import org.scurry.swarm.internal.node.ThreadAssembly;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.testkit.TestFeed;

/**
 * Issue 17's figure "thread of 200 replies assembled ≤ 20 ms from the store": an H2 store holding
 * {@value #BACKGROUND} other posts of {@value #AUTHORS} authors (so that a scan would show) and one
 * thread of a root and {@value #REPLIES} replies by those authors, each answering a random earlier
 * entry of the thread (seeded). Measured: {@link ThreadAssembly#assemble} asked for the newest
 * reply, the way {@code GET /api/entries/{id}/thread} asks: up to the root, then every reply through
 * the replies index. Nothing is fetched from peers (the fetcher fails the benchmark if asked).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ThreadBench {
    static final int REPLIES = 200;
    static final int AUTHORS = 20;
    static final int BACKGROUND = 20_000;

    Path dir;
    H2Store store;
    ThreadAssembly threads;
    Entry newest;
    org.scurry.swarm.FeedId busiest;

    @Setup(Level.Trial)
    public void build() throws IOException {
        dir = Files.createTempDirectory("scurry-threadbench");
        store = H2Store.open(dir.resolve("store"));
        Random random = new Random(17);
        List<TestFeed> authors = new ArrayList<>();
        for (int i = 0; i < AUTHORS; i++) {
            authors.add(TestFeed.create());
        }
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < BACKGROUND; i++) {
            batch.add(authors.get(i % AUTHORS).post("background post " + i));
            if (batch.size() == 1000) {
                store.appendAllDeferred(batch);
                batch.clear();
            }
        }
        List<Entry> thread = new ArrayList<>();
        thread.add(authors.get(0).post("the root"));
        for (int i = 1; i <= REPLIES; i++) {
            Entry parent = thread.get(random.nextInt(thread.size()));
            thread.add(authors.get(random.nextInt(AUTHORS)).reply("reply " + i, parent));
        }
        store.appendAll(batch);
        store.appendAll(thread);
        newest = thread.get(thread.size() - 1);
        busiest = authors.get(0).id();
        threads = new ThreadAssembly(store, (feed, seq) -> {
            throw new IllegalStateException("the benchmark's thread is held whole; asked for " + feed + "/" + seq);
        });
        int size = threads.assemble(newest.id()).items().size();
        if (size != REPLIES + 1) {
            throw new IllegalStateException("the thread has " + size + " entries, not " + (REPLIES + 1));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Conversation threadOf200Replies() {
        return threads.assemble(newest.id());
    }

    /**
     * The baseline, in the same run: 201 entries read and decoded from the same store in one
     * statement (one feed's newest page), what the thread cannot beat.
     */
    @Benchmark
    public Object read201EntriesOfOneFeed() {
        return store.feedPage(busiest, Long.MAX_VALUE, REPLIES + 1);
    }
}
