package org.scurry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.testkit.TestFeed;

/**
 * Builds a node's data directory holding signed feeds, offline and fast: chains are signed on all
 * cores (one task per feed, a chain is sequential) while one thread appends them with {@link
 * H2Store#appendAll} in batches. A finished directory carries a {@code bench-feeds.txt} manifest and
 * is reused by later runs with the same shape; a half-built one is deleted and rebuilt.
 *
 * <p>Signing is what takes the time: about 65 µs of CPU per entry against about 20 µs to append it
 * 1,000 per call. Larger transactions or {@link H2Store#appendAllDeferred} were slower here, not
 * faster (200,000 entries: 7 s of CPU at 1,000 per durable call, 8 s deferred, 18 s deferred at
 * 20,000 per call; H2 pays for large transactions), so the appender stays at 1,000 per call.
 *
 * <p>A node serves the feeds it replicates: its own and those it follows. So the node's identity
 * ({@code identity.key}) is the author of the feed when there is one, and otherwise an identity
 * whose feed follows every built feed.
 */
final class Feeds {
    /** Characters of post text per entry: a 120-character post encodes to about 290 bytes. */
    static final int TEXT_CHARS = 120;

    /** Entries a signing task hands over at once, and entries per store transaction. */
    static final int BATCH = 1000;

    private static final String MANIFEST = "bench-feeds.txt";

    /**
     * What a built directory holds.
     *
     * @param dataDir the node data directory (the store is in {@code dataDir/store})
     * @param feeds the feeds, each with entries 1..perFeed
     * @param perFeed entries per feed
     * @param avgEncodedBytes mean encoded size of an entry, signature included
     * @param buildSeconds how long building took, or 0 when an existing directory was reused
     */
    record Built(Path dataDir, List<FeedId> feeds, int perFeed, double avgEncodedBytes, double buildSeconds) {
        long entries() {
            return (long) feeds.size() * perFeed;
        }
    }

    private Feeds() {}

    /** Returns the directory {@code dataDir} with {@code feeds × perFeed} entries, building it if needed. */
    static Built ensure(Path dataDir, int feeds, int perFeed) throws IOException, InterruptedException {
        Path manifest = dataDir.resolve(MANIFEST);
        if (Files.exists(manifest)) {
            Built b = read(dataDir, manifest);
            if (b.feeds().size() == feeds && b.perFeed() == perFeed) {
                return b;
            }
        }
        deleteTree(dataDir);
        return build(dataDir, feeds, perFeed);
    }

    private static Built build(Path dataDir, int feeds, int perFeed) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        long t0 = System.nanoTime();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        BlockingQueue<List<Entry>> batches = new ArrayBlockingQueue<>(4 * threads);
        ExecutorService signers = Executors.newFixedThreadPool(threads);
        List<Future<TestFeed>> chains = new ArrayList<>();
        for (int f = 0; f < feeds; f++) {
            chains.add(signers.submit(() -> sign(perFeed, batches)));
        }
        signers.shutdown();
        long total = (long) feeds * perFeed;
        long appended = 0;
        long bytes = 0;
        List<FeedId> feedIds = new ArrayList<>();
        try (H2Store store = H2Store.open(dataDir.resolve("store"))) {
            while (appended < total) {
                List<Entry> batch = batches.poll(60, TimeUnit.SECONDS);
                if (batch == null) {
                    throw new IllegalStateException("signing stalled at " + appended + " entries");
                }
                for (AppendResult r : store.appendAll(batch)) {
                    if (!r.appended()) {
                        throw new IllegalStateException("store refused " + r.entry() + ": " + r.detail());
                    }
                    bytes += r.entry().encodedLength();
                }
                appended += batch.size();
                if (appended % 100_000 < batch.size()) {
                    System.err.printf(
                            "built %,d of %,d entries in %s (%.0f s)%n",
                            appended, total, dataDir, (System.nanoTime() - t0) / 1e9);
                }
            }
            List<TestFeed> built = new ArrayList<>();
            for (Future<TestFeed> chain : chains) {
                try {
                    built.add(chain.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("signing failed", e.getCause());
                }
            }
            built.forEach(f -> feedIds.add(f.id()));
            TestFeed owner = built.size() == 1 ? built.get(0) : TestFeed.create();
            if (built.size() > 1) {
                List<Entry> follows = new ArrayList<>();
                built.forEach(f -> follows.add(owner.follow(f.id())));
                store.appendAll(follows);
            }
            writeIdentity(dataDir.resolve("identity.key"), owner.signer());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Built b = new Built(dataDir, feedIds, perFeed, (double) bytes / total, seconds);
        write(b);
        return b;
    }

    /** One line for the notes: how a store was built and how fast. */
    static String describeBuild(Built b) {
        return String.format(
                "%,d entries in %,d feeds signed on %d threads and appended with H2Store.appendAll"
                        + " (%,d per call) in %.1f s = %,.0f entries/s",
                b.entries(),
                b.feeds().size(),
                Runtime.getRuntime().availableProcessors(),
                BATCH,
                b.buildSeconds(),
                b.entries() / b.buildSeconds());
    }

    /** Signs one feed's chain and hands it over in batches, in order. */
    private static TestFeed sign(int n, BlockingQueue<List<Entry>> out) throws InterruptedException {
        TestFeed feed = TestFeed.create();
        while (feed.seq() < n) {
            out.put(feed.posts((int) Math.min(BATCH, n - feed.seq()), TEXT_CHARS));
        }
        return feed;
    }

    /** Writes a node identity file (the form IdentityFile reads), owner-only from creation. */
    private static void writeIdentity(Path file, Ed25519Signer signer) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                file, "scurry-identity-v1 " + Base64Url.encode(signer.seed()) + "\n", StandardCharsets.US_ASCII);
    }

    private static void write(Built b) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("perFeed " + b.perFeed());
        lines.add("avgEncodedBytes " + b.avgEncodedBytes());
        for (FeedId f : b.feeds()) {
            lines.add("feed " + f);
        }
        Files.write(b.dataDir().resolve(MANIFEST), lines, StandardCharsets.UTF_8);
    }

    private static Built read(Path dataDir, Path manifest) throws IOException {
        int perFeed = 0;
        double avg = 0;
        List<FeedId> feeds = new ArrayList<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "perFeed" -> perFeed = Integer.parseInt(w[1]);
                case "avgEncodedBytes" -> avg = Double.parseDouble(w[1]);
                case "feed" -> feeds.add(FeedId.parse(w[1]));
                default -> throw new IOException("unknown manifest line in " + manifest + ": " + line);
            }
        }
        return new Built(dataDir, feeds, perFeed, avg, 0);
    }

    /** Size of the store's database files in a node data directory (what H2Store counts). */
    static long storeBytes(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("store"))) {
            long sum = 0;
            for (Path p : files.toList()) {
                if (p.getFileName().toString().startsWith("scurry.")) {
                    sum += Files.size(p);
                }
            }
            return sum;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
