package org.scurry.swarm.internal.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.TimelinePage;
import org.scurry.testkit.TestFeed;

/**
 * Append-rate and size measurements behind the figures in docs/storage.md. Not a test: run it with
 * the test classpath (see docs/storage.md, "Measured figures").
 *
 * <ul>
 *   <li>{@code gen <file> <entries> <feeds>}: signs posts (~250 B encoded) from {@code feeds} authors,
 *       interleaved round-robin as gossip delivers them, and writes their encodings to {@code file}.
 *   <li>{@code fill <dir> <file> <entries> <batch>}: appends the first {@code entries} of the file.
 *   <li>{@code rate <dir> <file> <skip> <per> <batch>...}: skips {@code skip} entries (already in the
 *       store), then appends {@code per} entries in each batch size, printing entries/s and the
 *       split of the time (statements, commit, checkpoint).
 *   <li>{@code timeline <dir> <file> <feeds> <pages>}: times timeline pages of 50 over the first
 *       {@code feeds} authors of the file; prints the plan.
 * </ul>
 */
public final class H2StoreBench {
    private H2StoreBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "gen" -> gen(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "fill" -> fill(
                    Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "rate" -> {
                int[] batches = new int[args.length - 5];
                for (int i = 5; i < args.length; i++) {
                    batches[i - 5] = Integer.parseInt(args[i]);
                }
                rate(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), batches);
            }
            case "timeline" -> timeline(
                    Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void gen(Path file, int n, int feeds) throws IOException {
        int per = n / feeds;
        List<List<Entry>> byFeed = IntStream.range(0, feeds)
                .parallel()
                .mapToObj(i -> TestFeed.create().posts(per, 85))
                .toList();
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            for (int s = 0; s < per; s++) {
                for (List<Entry> f : byFeed) {
                    byte[] b = f.get(s).encodedUnsafe();
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
        }
    }

    /** Reads entries from a file written by {@link #gen}, in order. */
    static final class Source implements AutoCloseable {
        private final DataInputStream in;
        long encodedBytes;

        Source(Path file) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
        }

        List<Entry> next(int n) throws IOException {
            List<Entry> out = new ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) {
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    encodedBytes += b.length;
                    out.add(Entry.decode(b));
                }
            } catch (EOFException end) {
                // fewer left
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static void fill(Path dir, Path file, int n, int batch) throws Exception {
        long start = System.nanoTime();
        try (Source src = new Source(file);
                H2Store store = open(dir)) {
            long lap = System.nanoTime();
            for (int done = 0; done < n; ) {
                List<Entry> b = src.next(Math.min(batch, n - done));
                store.appendAll(b);
                done += b.size();
                if (done % 100_000 == 0) {
                    long now = System.nanoTime();
                    System.out.printf(
                            "fill: %,d entries, last 100k at %.0f entries/s, file %.1f MB, heap %.0f MB%n",
                            done, 100_000 / ((now - lap) / 1e9), store.stats().diskBytes() / 1e6, heapMb());
                    lap = now;
                }
            }
            System.out.printf(
                    "fill: %,d entries in %.1f s, avg encoded %.1f B%n",
                    n, (System.nanoTime() - start) / 1e9, (double) src.encodedBytes / n);
        }
        try (H2Store store = open(dir)) {
            long disk = store.stats().diskBytes();
            System.out.printf("fill: after close %,d B = %.1f B/entry%n", disk, (double) disk / n);
        }
    }

    /** The store must hold exactly the first {@code skip} entries of the file. */
    static void rate(Path dir, Path file, int skip, int per, int[] batches) throws Exception {
        try (Source src = new Source(file);
                H2Store store = open(dir)) {
            for (int s = 0; s < skip; s += 10_000) {
                src.next(Math.min(10_000, skip - s));
            }
            // warm-up (JIT): 20,000 entries in batches of 500, not measured
            for (int i = 0; i < 40; i++) {
                store.appendAll(src.next(500));
            }
            long held = store.stats().entries();
            for (int batch : batches) {
                List<List<Entry>> work = new ArrayList<>();
                for (int done = 0; done < per; done += batch) {
                    work.add(src.next(batch));
                }
                store.workNanos = store.commitNanos = store.checkpointNanos = 0;
                long start = System.nanoTime();
                long cpuStart = cpuNanos();
                long writtenStart = writtenBytes();
                boolean deferred = Boolean.getBoolean("deferred");
                for (List<Entry> b : work) {
                    if (deferred) {
                        store.appendAllDeferred(b);
                    } else {
                        store.appendAll(b);
                    }
                }
                long total = System.nanoTime() - start;
                long cpu = cpuNanos() - cpuStart;
                long written = writtenBytes() - writtenStart;
                int calls = work.size();
                System.out.printf(
                        "rate: held %,d, batch %4d: %,7.0f entries/s (%,7.0f per CPU-second, %,.0f B written per entry); per call %.2f ms = statements %.2f + commit %.2f + checkpoint %.2f%n",
                        held,
                        batch,
                        per / (total / 1e9),
                        per / (cpu / 1e9),
                        (double) written / per,
                        total / 1e6 / calls,
                        store.workNanos / 1e6 / calls,
                        store.commitNanos / 1e6 / calls,
                        store.checkpointNanos / 1e6 / calls);
                held += per;
            }
            System.out.printf(
                    "rate: file %.1f MB open, heap %.0f MB%n", store.stats().diskBytes() / 1e6, heapMb());
        }
        try (H2Store store = open(dir)) {
            long disk = store.stats().diskBytes();
            long n = store.stats().entries();
            System.out.printf("rate: after close %,d B = %.1f B/entry%n", disk, (double) disk / n);
        }
    }

    static void timeline(Path dir, Path file, int feeds, int pages) throws Exception {
        List<FeedId> followed = new ArrayList<>();
        try (Source src = new Source(file)) {
            for (Entry e : src.next(feeds)) {
                followed.add(e.author());
            }
        }
        try (H2Store store = open(dir)) {
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                TimelinePage page = store.timeline(followed, null, 50);
                for (int i = 1; i < pages && page.next() != null; i++) {
                    page = store.timeline(followed, page.next(), 50);
                }
                System.out.printf(
                        "timeline: %d pages of 50 over %d feeds, %.2f ms/page (round %d)%n",
                        pages, feeds, (System.nanoTime() - start) / 1e6 / pages, round);
            }
            System.out.printf(
                    "timeline: heap %.0f MB, %,d entries held%n",
                    heapMb(), store.stats().entries());
        }
    }

    /**
     * -Dsettings=... replaces H2Store.SETTINGS; -Ddrop=a,b drops those indexes first; -Ddeferred=true
     * measures appendAllDeferred (experiments).
     */
    static H2Store open(Path dir) throws Exception {
        String settings = System.getProperty("settings", H2Store.SETTINGS);
        String drop = System.getProperty("drop", "");
        if (!drop.isEmpty()) {
            H2Store.open(dir, settings).close(); // creates the schema
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                            "jdbc:h2:file:" + dir.toAbsolutePath().resolve(H2Store.FILE_NAME) + settings, "sa", "");
                    java.sql.Statement s = c.createStatement()) {
                for (String index : drop.split(",")) {
                    s.execute("DROP INDEX IF EXISTS " + index);
                }
            }
        }
        return H2Store.open(dir, settings);
    }

    /** Bytes this process has written with write(2) so far (Linux /proc/self/io), 0 elsewhere. */
    static long writtenBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    /** CPU time of the whole process (all threads, H2's background writer included). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double heapMb() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return (r.totalMemory() - r.freeMemory()) / 1e6;
    }
}
