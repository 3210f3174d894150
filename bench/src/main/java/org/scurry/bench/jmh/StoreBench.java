package org.scurry.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.scurry.swarm.Entry;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.testkit.TestFeed;

/**
 * H2Store appends (durable on return) into a fresh store in a temporary directory, one feed
 * growing. The entries of the next call are signed before it, outside the measured time. Scores are
 * entries per second in both benchmarks.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBench {
    public static final int BATCH = 256;
    static final int TEXT_CHARS = 120;

    /** A store in a temporary directory and the feed being appended to it. */
    @State(Scope.Thread)
    public static class Fixture {
        Path dir;
        H2Store store;
        TestFeed feed;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("scurry-storebench");
            store = H2Store.open(dir.resolve("store"));
            feed = TestFeed.create();
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
    }

    /** The next single entry. */
    @State(Scope.Thread)
    public static class One extends Fixture {
        Entry next;

        @Setup(Level.Invocation)
        public void signNext() {
            next = feed.posts(1, TEXT_CHARS).get(0);
        }
    }

    /** The next 256 entries. */
    @State(Scope.Thread)
    public static class Batch extends Fixture {
        List<Entry> next;

        @Setup(Level.Invocation)
        public void signNext() {
            next = feed.posts(BATCH, TEXT_CHARS);
        }
    }

    /** One entry per call: one transaction and one checkpoint per entry. */
    @Benchmark
    public AppendResult appendOne(One s) {
        return checked(s.store.append(s.next));
    }

    /** 256 entries per call, in one transaction. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<AppendResult> appendBatch256(Batch s) {
        List<AppendResult> rs = s.store.appendAll(s.next);
        rs.forEach(StoreBench::checked);
        return rs;
    }

    private static AppendResult checked(AppendResult r) {
        if (!r.appended()) {
            throw new IllegalStateException("store refused " + r.entry() + ": " + r.detail());
        }
        return r;
    }
}
