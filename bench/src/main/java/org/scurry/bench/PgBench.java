package org.scurry.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.history.HistoryConfig;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.swarm.internal.store.IdentityFile;
import org.scurry.swarm.internal.store.PgStore;
import org.scurry.swarm.spi.Store;
import org.scurry.testkit.PostgresServer;
import org.scurry.testkit.TcpSwarm;
import org.scurry.testkit.TestFeed;
import org.scurry.testkit.TestTexts;

/**
 * The PostgreSQL store's figures (issue 20), on a PostgreSQL server this benchmark starts from the
 * Debian binaries (testkit's {@link PostgresServer}, durable: {@code fsync} on, the server's
 * defaults otherwise):
 *
 * <ol>
 *   <li><b>Catch-up.</b> A history server (in this JVM, over TCP loopback) catches up {@code
 *       entries} entries in {@value #FEEDS} feeds from a peer holding them (an H2 store built once
 *       and reused, {@link Feeds}); its store is a fresh PostgreSQL database in one run and a
 *       fresh H2 directory in the next, interleaved, so the ratio PostgreSQL ÷ H2 is taken within
 *       each pair on the same machine state.
 *   <li><b>Reads on a big store.</b> {@code readEntries} entries in {@value #READ_FEEDS} feeds
 *       (fewer for a small store: one per 1,000 entries, at least 20) are loaded into one database with {@code COPY} (signed entries, the rows PgStore writes,
 *       the timeline index built after the load), then read through PgStore: timeline pages of 50
 *       over 100 followed feeds (the first five pages of random follow sets) and ranges of 100
 *       entries at random places. Median and p99 of the calls.
 * </ol>
 */
public final class PgBench {
    static final int FEEDS = 10;
    /** Feeds of the read store: one per 1,000 entries, from 20 up to this many. */
    static final int READ_FEEDS = 1000;

    static final int FOLLOWED = 100;
    static final int PAGE = 50;
    static final int RANGE = 100;

    private final Path work;
    private final int entries;
    private final long readEntries;

    public PgBench(Path work, int entries, long readEntries) {
        this.work = work.resolve("pg");
        this.entries = entries;
        this.readEntries = readEntries;
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        Results results = new Results();
        new PgBench(a.work(), a.pgEntries(), a.pgReadEntries()).run(results, a.runs());
        results.write(a.out(), String.join(" ", args));
    }

    public void run(Results results, int runs) throws Exception {
        try (PostgresServer pg = PostgresServer.start(true)) {
            catchUp(pg, results, runs);
            reads(pg, results);
            results.note(
                    "pg setup",
                    String.format(
                            "PostgreSQL %s started by the benchmark (fsync on, server defaults otherwise,"
                                    + " 127.0.0.1); catch-up: %d run pairs PostgreSQL/H2 interleaved, nodes in"
                                    + " this JVM over TCP loopback, the catching-up node a history server that"
                                    + " follows the %d feeds",
                            serverVersion(pg), runs, FEEDS));
        }
    }

    // ---- catch-up ----

    private void catchUp(PostgresServer pg, Results results, int runs) throws Exception {
        int perFeed = Math.max(1, entries / FEEDS);
        Feeds.Built source = Feeds.ensure(work.resolve("source"), FEEDS, perFeed);
        long total = source.entries();
        List<double[]> pairs = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            String db = "catchup" + r;
            pg.createDatabase(db);
            double onPg = catchUpOnce(source, "pg" + r, () -> PgStore.open(pg.location(db)));
            Path h2 = work.resolve("h2-" + r);
            Feeds.deleteTree(h2);
            double onH2 = catchUpOnce(source, "h2" + r, () -> H2Store.open(h2.resolve("store")));
            Feeds.deleteTree(h2);
            System.err.printf(
                    "pg: catch-up of %,d entries: PostgreSQL %,.0f/s, H2 %,.0f/s (%.2f×)%n",
                    total, total / onPg, total / onH2, onH2 / onPg);
            pairs.add(new double[] {total / onPg, total / onH2});
        }
        results.add(Figure.of(
                "pg.catchUpEntriesPerSecond",
                String.format("history server on PostgreSQL catches up %,d entries in %d feeds", total, FEEDS),
                "entries/s",
                Figure.values(pairs, p -> p[0])));
        results.add(Figure.of(
                "pg.catchUpH2EntriesPerSecond",
                "the same on H2, interleaved runs",
                "entries/s",
                Figure.values(pairs, p -> p[1])));
        results.add(Figure.of(
                "pg.catchUpRatio", "PostgreSQL ÷ H2, same run pair", "×", Figure.values(pairs, p -> p[0] / p[1])));
    }

    @FunctionalInterface
    private interface StoreOpener {
        Store open() throws Exception;
    }

    /** Seconds until a fresh history server on the given store holds every entry of the source. */
    private double catchUpOnce(Feeds.Built source, String name, StoreOpener reader) throws Exception {
        Path dir = work.resolve("swarm-" + name);
        Feeds.deleteTree(dir);
        Store readerStore = reader.open();
        Ed25519Signer owner = IdentityFile.loadOrCreate(source.dataDir().resolve("identity.key"));
        try (TcpSwarm swarm = new TcpSwarm(
                dir,
                n -> n.equals("source")
                        ? H2Store.open(source.dataDir().resolve("store"))
                        : n.equals("reader") ? readerStore : null)) {
            Node src = swarm.node("source", owner, c -> c, s -> s, org.scurry.swarm.internal.net.NettyTransport::new);
            Node server = swarm.node(
                    "reader",
                    (NodeConfig c) -> c.withHistory(HistoryConfig.defaults().asServer(true)),
                    src);
            Await.until(
                    "the history server to link to its peer",
                    60,
                    () -> server.peers().size() == 1);
            long t0 = System.nanoTime();
            for (FeedId f : source.feeds()) {
                server.follow(f);
            }
            Await.progress(
                    "the history server to hold " + source.entries() + " entries",
                    120,
                    () -> source.feeds().stream()
                            .mapToLong(f -> server.store().latestSeq(f))
                            .sum(),
                    source.entries());
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            Feeds.deleteTree(dir);
        }
    }

    // ---- reads on a big store ----

    private void reads(PostgresServer pg, Results results) throws Exception {
        pg.createDatabase("reads");
        long t0 = System.nanoTime();
        int feedCount = (int) Math.max(20, Math.min(READ_FEEDS, readEntries / 1000));
        List<FeedId> feeds = load(pg, readEntries, feedCount);
        int followedCount = Math.min(FOLLOWED, feedCount);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("pg: loaded %,d entries in %.0f s%n", readEntries, loadSeconds);
        long perFeed = readEntries / feedCount;
        List<Double> timelineMs = new ArrayList<>();
        List<Double> rangeMs = new ArrayList<>();
        long dbBytes;
        try (PgStore store = PgStore.open(pg.location("reads"))) {
            Random random = new Random(42);
            for (int round = 0; round < 45; round++) {
                List<FeedId> shuffled = new ArrayList<>(feeds);
                Collections.shuffle(shuffled, random);
                List<FeedId> followed = shuffled.subList(0, followedCount);
                TimelineCursor cursor = null;
                for (int page = 0; page < 5; page++) {
                    long s = System.nanoTime();
                    TimelinePage p = store.timeline(followed, cursor, PAGE);
                    double ms = (System.nanoTime() - s) / 1e6;
                    if (p.entries().size() != PAGE) {
                        throw new IllegalStateException(
                                "timeline page of " + p.entries().size());
                    }
                    if (round >= 5) { // the first rounds warm the JIT and the server's caches
                        timelineMs.add(ms);
                    }
                    cursor = p.next();
                }
            }
            for (int i = 0; i < 1100; i++) {
                FeedId f = feeds.get(random.nextInt(feeds.size()));
                long from = 1 + (long) (random.nextDouble() * (perFeed - RANGE));
                long s = System.nanoTime();
                List<Entry> got = store.range(f, from, from + RANGE - 1, RANGE);
                double ms = (System.nanoTime() - s) / 1e6;
                if (got.size() != RANGE) {
                    throw new IllegalStateException("range of " + got.size());
                }
                if (i >= 100) {
                    rangeMs.add(ms);
                }
            }
            dbBytes = store.stats().diskBytes();
        }
        String size = String.format("%,d entries in %,d feeds", perFeed * feedCount, feedCount);
        results.add(Figure.of(
                "pg.timelineMedianMs",
                "timeline page of " + PAGE + " over " + followedCount + " followed feeds, median; " + size,
                "ms",
                List.of(Figure.percentile(timelineMs, 50))));
        results.add(Figure.of(
                "pg.timelineP99Ms",
                "the same, p99 of " + timelineMs.size() + " pages",
                "ms",
                List.of(Figure.percentile(timelineMs, 99))));
        results.add(Figure.of(
                "pg.rangeMedianMs",
                "range of " + RANGE + " entries of one feed, median; " + size,
                "ms",
                List.of(Figure.percentile(rangeMs, 50))));
        results.add(Figure.of(
                "pg.rangeP99Ms",
                "the same, p99 of " + rangeMs.size() + " ranges",
                "ms",
                List.of(Figure.percentile(rangeMs, 99))));
        results.note(
                "pg reads",
                String.format(
                        "%s signed and loaded with COPY in %.0f s (%,.0f entries/s, timeline index built after);"
                                + " database %,d MB",
                        size, loadSeconds, readEntries / loadSeconds, dbBytes >> 20));
    }

    /**
     * Loads {@code total} signed posts in {@code feedCount} feeds into database {@code reads}: the
     * schema by a PgStore opened once, then the rows PgStore would write, by COPY, arrival numbers
     * round-robin over the feeds (as entries from many authors arrive), the timeline index dropped
     * during the load and built after it.
     */
    static List<FeedId> load(PostgresServer pg, long total, int feedCount) throws Exception {
        PgStore.open(pg.location("reads")).close(); // creates the schema
        int perFeed = (int) (total / feedCount);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        // A feed's chunks must be signed in order: chunk (s + 1, f) is submitted feedCount chunks
        // after (s, f), and at most 4 × threads futures are in flight, all older ones taken by the
        // loader (which waited for each), so (s, f) is done before (s + 1, f) starts.
        if (feedCount <= 4 * threads + threads) {
            throw new IllegalArgumentException("feeds must be more than 5 × threads: " + feedCount);
        }
        int step = 200; // entries of each feed signed per task: the unit handed to the loader
        List<TestFeed> authors = new ArrayList<>();
        for (int f = 0; f < feedCount; f++) {
            authors.add(TestFeed.create());
        }
        ExecutorService signers = Executors.newFixedThreadPool(threads);
        BlockingQueue<Future<byte[]>> chunks = new ArrayBlockingQueue<>(4 * threads);
        Thread producer = new Thread(() -> {
            try {
                long arrival = 0;
                for (int from = 0; from < perFeed; from += step) {
                    int n = Math.min(step, perFeed - from);
                    for (int f = 0; f < feedCount; f++) {
                        int feedNo = f + 1;
                        TestFeed author = authors.get(f);
                        long firstArrival = arrival;
                        arrival += n;
                        chunks.put(signers.submit(() -> rows(author, feedNo, n, firstArrival)));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        try (Connection c = pg.connect("reads")) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP INDEX entries_by_feed_time");
            }
            CopyIn copy = c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY entries (k, arrival, feed_no, seq, ts, id_prefix, body) FROM STDIN");
            long chunkCount = (long) feedCount * ((perFeed + step - 1) / step);
            long t0 = System.nanoTime();
            for (long i = 0; i < chunkCount; i++) {
                byte[] rows = chunks.poll(120, TimeUnit.SECONDS).get();
                copy.writeToCopy(rows, 0, rows.length);
                if ((i + 1) % (chunkCount / 10 + 1) == 0) {
                    System.err.printf(
                            "pg: loading, %.0f %% (%.0f s)%n",
                            100.0 * (i + 1) / chunkCount, (System.nanoTime() - t0) / 1e9);
                }
            }
            copy.endCopy();
            try (PreparedStatement feedRow = c.prepareStatement(
                    "INSERT INTO feeds (feed_no, author_key, head_seq, head_id) VALUES (?, ?, ?, ?)")) {
                for (int f = 0; f < feedCount; f++) {
                    feedRow.setInt(1, f + 1);
                    feedRow.setBytes(2, authors.get(f).id().toBytes());
                    feedRow.setLong(3, perFeed);
                    feedRow.setBytes(4, authors.get(f).head().id().toBytes());
                    feedRow.addBatch();
                }
                feedRow.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE store_state SET amount = " + (long) perFeed * feedCount
                        + " WHERE name = 'last_arrival'");
                s.execute("CREATE INDEX entries_by_feed_time ON entries (feed_no, ts DESC, arrival DESC)");
                s.execute("VACUUM ANALYZE entries");
            }
        } finally {
            producer.interrupt();
            signers.shutdownNow();
        }
        List<FeedId> ids = new ArrayList<>();
        authors.forEach(a -> ids.add(a.id()));
        return ids;
    }

    /** COPY text rows of the next {@code n} posts of {@code author} (signed here). */
    private static byte[] rows(TestFeed author, int feedNo, int n, long firstArrival) {
        StringBuilder b = new StringBuilder(n * 700);
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            Entry e = author.post(TestTexts.sentence(author.seq() + 1, 200));
            long k = ((long) feedNo << 32) | e.seq();
            b.append(k)
                    .append('\t')
                    .append(firstArrival + i + 1)
                    .append('\t')
                    .append(feedNo)
                    .append('\t')
                    .append(e.seq())
                    .append('\t')
                    .append(e.timestamp())
                    .append('\t')
                    .append(e.id().prefix())
                    .append('\t')
                    .append("\\\\x")
                    .append(hex.formatHex(e.encodedUnsafe()))
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String serverVersion(PostgresServer pg) {
        try (Connection c = pg.connect("postgres")) {
            return c.getMetaData().getDatabaseProductVersion();
        } catch (java.sql.SQLException e) {
            return "(version unknown)";
        }
    }

    /** Figures for the smoke test: one run at small sizes. */
    static List<Figure> measureOnce(Path work, int entries, long readEntries) throws Exception {
        Results r = new Results();
        new PgBench(work, entries, readEntries).run(r, 1);
        return r.figures();
    }
}
