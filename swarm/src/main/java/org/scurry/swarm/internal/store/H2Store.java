package org.scurry.swarm.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.ForkProof;
import org.scurry.swarm.Health;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.internal.store.TimelineMerge.Candidate;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.Arrival;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.StoreStats;
import org.scurry.swarm.util.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link Store}: H2 2.x in embedded file mode, one file {@code scurry.mv.db} in the
 * given directory. Schema and the reasons for each index: {@code docs/storage.md}.
 *
 * <p><b>Durability.</b> After each write transaction commits, the store runs {@code CHECKPOINT},
 * which in H2 2.4 is {@code MVStore.commit()}: the new chunk is written to the file before the
 * append returns. Without it a commit only reaches the file when MVStore's background writer next
 * runs (every 500 ms, {@code WRITE_DELAY}), and kill -9 loses it. {@code WRITE_DELAY=0} would also
 * write on commit, but it stops the background thread, which is what compacts old chunks: the file
 * then grew to 3.5 × the data in our measurements. The write reaches the operating system, which
 * keeps it across a process crash; it is not fsynced, so a power cut may lose the last commits
 * (never tearing a chain: MVStore chunks are checksummed and the store opens at the last whole one).
 *
 * <p><b>A failed write</b> (the disk is full, an I/O error: docs/storage.md, "A full disk"). H2
 * then closes its store under the connection, and the file keeps the last write that completed. The
 * write throws {@link StoreUnavailableException} with the reason; {@link #health()} turns not ready;
 * the database is let go ({@link H2Database}) and the file opened again at once, read-only while the
 * file system has less than {@link #MIN_FREE_BYTES} free (so that reads go on and H2 writes
 * nothing), with its heads checked. Writes are refused meanwhile; a probe write every {@link
 * #RETRY_MILLIS} (and any write) reopens it for writing once there is room, and the first write that
 * succeeds makes the store ready again. Nothing acknowledged is lost: an acknowledged write was in
 * the file before it returned.
 *
 * <p><b>Concurrency.</b> One connection guarded by one lock: every statement runs under it. Heads
 * (latest seq and id per feed) live in a concurrent map that is updated only after a commit, so
 * {@link #latestSeq}, {@link #clock} and {@link #stats} answer without the lock or a query.
 *
 * <p>Why it is long: it is the whole Store contract (some twenty reads and writes) in SQL, each
 * with the checks that keep a full disk from breaking the store. What could leave has left: the
 * schema and its migrations (Migrations), statements (SqlStatements), a write transaction and the
 * chain rule (SqlTransaction, ChainRule), derived state (Derivation), the database's life
 * (H2Database), timelines (TimelineMerge).
 */
public final class H2Store implements Store {
    static final String FILE_NAME = "scurry";
    /**
     * COMPRESS: LZF-compressed pages; entries of one feed share the author key and JSON field
     * names, which LZF removes. RETENTION_TIME=0: space of chunks no longer referenced is reused at
     * once instead of after 45 s; with a chunk written per append the default kept the file at
     * about 3 × the data (safe against kill -9, which cannot undo a completed write; a power cut
     * could, see docs/storage.md). MAX_COMPACT_TIME=5000: {@link #close()} may spend up to 5 s
     * compacting the file. DB_CLOSE_ON_EXIT=FALSE: {@link #close()} closes the database, not a JVM
     * hook that may race with it. WRITE_DELAY stays at its default: see the class comment.
     */
    static final String SETTINGS = ";COMPRESS=TRUE;RETENTION_TIME=0;MAX_COMPACT_TIME=5000;DB_CLOSE_ON_EXIT=FALSE";

    /** While not ready: at most one reopen of the file, and one probe write, per this period. */
    static final long RETRY_MILLIS = 1000;

    /** While not ready, writes wait until the file system has this much room (1 MiB). */
    static final long MIN_FREE_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(H2Store.class);

    /**
     * Directories open in this JVM. H2 lets a second connection in the same process share the
     * database, which would bypass this store's lock and head cache; other processes are kept out
     * by H2's file lock.
     */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final String fileSystem;
    private final String settings;
    /** The open database; null after a failed write dropped it, until the file is reopened. */
    private H2Database db;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<FeedId, FeedRow> heads = new ConcurrentHashMap<>();
    private final Map<Integer, FeedId> feedsByNo = new ConcurrentHashMap<>();
    /** Oldest seq held of feeds pruned below seq 1 (absent: the whole chain from 1). */
    private final Map<FeedId, Long> lows = new ConcurrentHashMap<>();

    private final int migrationsApplied;
    /** Written under the lock after each commit; volatile so that {@link #lastArrival()} needs no lock. */
    private volatile long lastArrival;

    private int lastFeedNo;
    private volatile boolean closed;
    private volatile Health health = Health.READY;
    /** No reopen of the file before this time (wall clock, ms): one attempt per {@link #RETRY_MILLIS}. */
    private long nextReopen;
    /** Retries writing while not ready; created on the first failure. Guarded by {@link #lock}. */
    private ScheduledExecutorService prober;

    private boolean probeScheduled;
    /** Nanoseconds spent in the phases of write transactions, for {@code H2StoreBench}. */
    long workNanos, commitNanos, checkpointNanos;

    private H2Store(Path directory, String fileSystem, String settings, H2Database db) throws SQLException {
        this.directory = directory;
        this.fileSystem = fileSystem;
        this.settings = settings;
        this.db = db;
        this.migrationsApplied = db.migrationsApplied;
        installHeads(readHeads(db, false));
    }

    /**
     * Opens (creating when absent) the store in {@code directory}, applying pending migrations.
     * Throws {@link StoreException} when the files cannot be opened, for example because another
     * process holds them.
     */
    public static H2Store open(Path directory) {
        return open(directory, SETTINGS);
    }

    /** Opens with other H2 URL settings: for experiments and tests only. */
    static H2Store open(Path directory, String settings) {
        return open(directory, "file", settings);
    }

    /**
     * Opens on another of H2's file systems ({@code FilePath} scheme): a test wraps the disk to make
     * writes fail.
     */
    static H2Store open(Path directory, String fileSystem, String settings) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!OPEN.add(dir)) {
            throw new StoreException("the store in " + directory + " is already open in this process");
        }
        try {
            // H2 creates its files with the process's umask: the directory keeps others out, and
            // the files it made are narrowed once they exist (OwnerOnly).
            OwnerOnly.directory(dir);
            H2Database db = H2Database.open(dir, fileSystem, settings, false);
            try {
                OwnerOnly.restrictTree(dir);
                return new H2Store(dir, fileSystem, settings, db);
            } catch (SQLException | IOException | RuntimeException e) {
                db.abandon();
                throw e;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            OPEN.remove(dir);
            throw new StoreException("cannot open the store in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** How many migrations this open applied (0 when the schema was already current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    @Override
    public AppendResult append(Entry entry) {
        return appendAll(List.of(entry)).get(0);
    }

    @Override
    public List<AppendResult> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        return write("append", true, tx -> offerAll(tx, entries, lows));
    }

    /**
     * Commits without the checkpoint: MVStore's background writer puts the commit in the file
     * within WRITE_DELAY (500 ms). A crash before that loses whole transactions, never part of one,
     * so every feed stays a contiguous prefix.
     */
    @Override
    public List<AppendResult> appendAllDeferred(List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        return write("append", false, tx -> offerAll(tx, entries, lows));
    }

    private static List<AppendResult> offerAll(SqlTransaction tx, List<Entry> entries, Map<FeedId, Long> lows)
            throws SQLException {
        List<AppendResult> results = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Long low = lows.get(e.author());
            if (low != null && e.seq() < low) {
                // The entry it would be compared with was pruned: nothing to store, nothing to check.
                results.add(new AppendResult(e, AppendResult.Status.DUPLICATE, belowOldest(e, low)));
            } else {
                results.add(tx.offer(e));
            }
        }
        return results;
    }

    static String belowOldest(Entry e, long low) {
        return "seq " + e.seq() + " is below the oldest seq held (" + low + ", older ones were pruned): not checked";
    }

    @Override
    public long latestSeq(FeedId feed) {
        FeedRow r = heads.get(feed);
        return r == null ? 0 : r.seq();
    }

    @Override
    public long oldestSeq(FeedId feed) {
        FeedRow r = heads.get(feed);
        return r == null || r.seq() == 0 ? 0 : lows.getOrDefault(feed, 1L);
    }

    /**
     * One DELETE over the row-key range of the feed below {@code belowSeq} and the new {@code
     * low_seq}, in one transaction, checkpointed like an append.
     */
    @Override
    public long prune(FeedId feed, long belowSeq) {
        FeedRow r = heads.get(feed);
        if (r == null || r.seq() == 0) {
            return 0;
        }
        long newLow = Math.min(belowSeq, r.seq());
        long low = lows.getOrDefault(feed, 1L);
        if (newLow <= low) {
            return 0;
        }
        long deleted = write("prune", tx -> {
            PreparedStatement del = db.sql.get("DELETE FROM entries WHERE k >= ? AND k < ?");
            del.setLong(1, EntryKey.of(r.no(), 1));
            del.setLong(2, EntryKey.of(r.no(), newLow));
            int n = del.executeUpdate();
            PreparedStatement up = db.sql.get("UPDATE feeds SET low_seq = ? WHERE feed_no = ?");
            up.setLong(1, newLow);
            up.setInt(2, r.no());
            up.executeUpdate();
            return (long) n;
        });
        lows.put(feed, newLow);
        return deleted;
    }

    /** The rows and the new {@code low_seq} in one transaction, checkpointed like an append. */
    @Override
    public long restoreBelow(FeedId feed, List<Entry> entries) {
        FeedRow r = heads.get(feed);
        long low = r == null || r.seq() == 0 ? 0 : lows.getOrDefault(feed, 1L);
        long newLow = write("restore", tx -> {
            ChainRule.checkRestore(feed, entries, low, low > 1 ? tx.stored(r.no(), low) : null);
            for (Entry e : entries) {
                tx.restore(r.no(), e);
            }
            long first = entries.get(0).seq();
            PreparedStatement up = db.sql.get("UPDATE feeds SET low_seq = ? WHERE feed_no = ?");
            up.setLong(1, first);
            up.setInt(2, r.no());
            up.executeUpdate();
            return first;
        });
        if (newLow > 1) {
            lows.put(feed, newLow);
        } else {
            lows.remove(feed);
        }
        return newLow;
    }

    @Override
    public Optional<Entry> latest(FeedId feed) {
        FeedRow r = heads.get(feed);
        return r == null || r.seq() == 0 ? Optional.empty() : get(feed, r.seq());
    }

    /**
     * Scans {@code id_prefix} (no index: an index on a hash is a random write per append and cost
     * a third of the append rate; no hot path looks entries up by id). Linear in the entries held.
     */
    @Override
    public Optional<Entry> get(EntryId id) {
        return read(() -> {
            Optional<Entry> reply = SocialQueries.reply(db.sql, id);
            if (reply.isPresent()) {
                return reply;
            }
            PreparedStatement p = db.sql.get("SELECT body FROM entries WHERE id_prefix = ?");
            p.setLong(1, id.prefix());
            for (Entry e : bodies(p)) {
                if (e.id().equals(id)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public Optional<Entry> get(FeedId feed, long seq) {
        FeedRow r = heads.get(feed);
        if (r == null || seq < 1 || seq > r.seq()) {
            return Optional.empty();
        }
        return read(() -> {
            PreparedStatement p = db.sql.get("SELECT body FROM entries WHERE k = ?");
            p.setLong(1, EntryKey.of(r.no(), seq));
            return bodies(p).stream().findFirst();
        });
    }

    @Override
    public List<Entry> range(FeedId feed, long fromSeq, long toSeq, int limit) {
        FeedRow r = heads.get(feed);
        if (r == null || limit < 1 || fromSeq > toSeq) {
            return List.of();
        }
        return read(() -> {
            PreparedStatement p = db.sql.get("SELECT body FROM entries WHERE k BETWEEN ? AND ? ORDER BY k LIMIT ?");
            p.setLong(1, EntryKey.atOrAfter(r.no(), fromSeq));
            p.setLong(2, EntryKey.atOrAfter(r.no(), toSeq));
            p.setInt(3, limit);
            return bodies(p);
        });
    }

    @Override
    public List<Entry> feedPage(FeedId feed, long beforeSeq, int limit) {
        FeedRow r = heads.get(feed);
        if (r == null || limit < 1) {
            return List.of();
        }
        // Every chain is contiguous from its oldest seq, so the page is the seq range below beforeSeq:
        // read ascending by row key (H2 would otherwise scan the whole feed to sort it DESC).
        long to = Math.min(beforeSeq - 1, r.seq());
        if (to < 1) {
            return List.of();
        }
        long from = Math.max(lows.getOrDefault(feed, 1L), to - limit + 1);
        if (from > to) {
            return List.of();
        }
        List<Entry> page = new ArrayList<>(range(feed, from, to, limit));
        java.util.Collections.reverse(page);
        return page;
    }

    /**
     * Plan: for each followed feed, one range scan of {@code entries_by_feed_time (feed_no, ts DESC,
     * arrival DESC)} from the cursor (the ORDER BY names {@code feed_no} so that H2 reads the index
     * in its order instead of sorting the whole feed: "index sorted" in EXPLAIN), at most {@code limit + 1} index rows and no table
     * rows ({@code ts} and {@code arrival} are in the index, and so is the row key {@code k}). The
     * candidates are merged in memory and only the page's bodies are then fetched by row key. Cost: followed feeds × page size
     * index rows, independent of the number of entries held.
     */
    @Override
    public TimelinePage timeline(Collection<FeedId> followed, TimelineCursor before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("timeline limit must be ≥ 1: " + limit);
        }
        long ts = before == null ? Long.MAX_VALUE : before.timestamp();
        long arrival = before == null ? Long.MAX_VALUE : before.arrival();
        return read(() -> {
            PreparedStatement p = db.sql.get("SELECT ts, arrival, k FROM entries WHERE feed_no = ? AND ts <= ?"
                    + " AND (ts < ? OR arrival < ?) ORDER BY feed_no, ts DESC, arrival DESC LIMIT ?");
            List<Candidate<Long>> candidates = new ArrayList<>();
            for (FeedId feed : new HashSet<>(followed)) {
                FeedRow r = heads.get(feed);
                if (r == null || r.seq() == 0) {
                    continue;
                }
                p.setInt(1, r.no());
                p.setLong(2, ts);
                p.setLong(3, ts);
                p.setLong(4, arrival);
                p.setInt(5, limit + 1);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Candidate<>(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            List<Candidate<Long>> picked = TimelineMerge.newest(candidates, limit);
            PreparedStatement byKey = db.sql.get("SELECT body FROM entries WHERE k = ?");
            List<Entry> page = new ArrayList<>();
            for (int i = 0; i < picked.size() && i < limit; i++) {
                byKey.setLong(1, picked.get(i).ref());
                page.addAll(bodies(byKey));
            }
            return new TimelinePage(page, TimelineMerge.next(picked, limit));
        });
    }

    /** One range scan of {@code entries_by_arrival} from the position, then the rows' bodies. */
    @Override
    public List<Arrival> arrivedSince(long position, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("arrivedSince limit must be ≥ 1: " + limit);
        }
        return read(() -> {
            PreparedStatement p =
                    db.sql.get("SELECT arrival, body FROM entries WHERE arrival > ? ORDER BY arrival LIMIT ?");
            p.setLong(1, position);
            p.setInt(2, limit);
            List<Arrival> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Arrival(rs.getLong(1), Entry.decode(rs.getBytes(2))));
                }
            }
            return out;
        });
    }

    @Override
    public long lastArrival() {
        return lastArrival;
    }

    @Override
    public Map<FeedId, Long> clock() {
        Map<FeedId, Long> clock = new HashMap<>();
        for (FeedRow r : heads.values()) {
            if (r.seq() > 0) {
                clock.put(r.feed(), r.seq());
            }
        }
        return clock;
    }

    @Override
    public Optional<ForkProof> fork(FeedId feed) {
        FeedRow r = heads.get(feed);
        if (r == null) {
            return Optional.empty();
        }
        return read(() -> {
            PreparedStatement p = db.sql.get("SELECT kept, rejected FROM fork_proofs WHERE feed_no = ?");
            p.setInt(1, r.no());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ForkProof(Entry.decode(rs.getBytes(1)), Entry.decode(rs.getBytes(2))))
                        : Optional.empty();
            }
        });
    }

    @Override
    public Set<FeedId> follows(FeedId follower) {
        FeedRow r = heads.get(follower);
        if (r == null) {
            return Set.of();
        }
        return read(() -> {
            PreparedStatement p = db.sql.get("SELECT followee_no FROM follows WHERE follower_no = ?");
            p.setInt(1, r.no());
            return feedsOf(p);
        });
    }

    @Override
    public Optional<String> displayName(FeedId feed) {
        FeedRow r = heads.get(feed);
        if (r == null) {
            return Optional.empty();
        }
        return read(() -> {
            PreparedStatement p = db.sql.get("SELECT name FROM feeds WHERE feed_no = ?");
            p.setInt(1, r.no());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public List<Entry> replies(EntryId parent) {
        return read(() -> SocialQueries.replies(db.sql, parent));
    }

    @Override
    public List<Entry> replies(Collection<EntryId> parents) {
        return parents.isEmpty() ? List.of() : read(() -> SocialQueries.replies(db.sql, parents));
    }

    @Override
    public Optional<Entry> latestProfile(FeedId feed) {
        FeedRow r = heads.get(feed);
        if (r == null || r.seq() == 0) {
            return Optional.empty();
        }
        long seq = read(() -> SocialQueries.feedCounts(db.sql, r.no())[1]);
        return seq > 0 ? get(feed, seq) : Optional.empty();
    }

    @Override
    public long postsStored(FeedId feed) {
        FeedRow r = heads.get(feed);
        return r == null ? 0 : read(() -> SocialQueries.feedCounts(db.sql, r.no())[0]);
    }

    @Override
    public long followersKnown(FeedId feed) {
        FeedRow r = heads.get(feed);
        return r == null ? 0 : read(() -> SocialQueries.followers(db.sql, r.no()));
    }

    @Override
    public Set<FeedId> feedsNamed(String name) {
        return read(() -> {
            PreparedStatement p = db.sql.get("SELECT feed_no FROM feeds WHERE name_key = ?");
            p.setString(1, Derivation.nameKey(name));
            return feedsOf(p);
        });
    }

    /**
     * Feeds and entries come from the head cache: every chain is contiguous from its oldest seq, so
     * the entries held are the sum of head - oldest + 1.
     */
    @Override
    public StoreStats stats() {
        long feeds = 0;
        long entries = 0;
        for (FeedRow r : heads.values()) {
            if (r.seq() > 0) {
                feeds++;
                entries += r.seq() - lows.getOrDefault(r.feed(), 1L) + 1;
            }
        }
        return new StoreStats(feeds, entries, diskBytes());
    }

    @Override
    public void savePeerClock(FeedId peer, String direction, Map<FeedId, Long> clock) {
        int code = PeerClocks.code(direction);
        write("save peer clock", tx -> {
            int peerNo = tx.feedNo(peer);
            PreparedStatement del = db.sql.get("DELETE FROM peer_clocks WHERE peer_no = ? AND direction = ?");
            del.setInt(1, peerNo);
            del.setInt(2, code);
            del.executeUpdate();
            PreparedStatement ins =
                    db.sql.get("INSERT INTO peer_clocks (peer_no, direction, feed_no, seq) VALUES (?, ?, ?, ?)");
            for (Map.Entry<FeedId, Long> e : clock.entrySet()) {
                ins.setInt(1, peerNo);
                ins.setInt(2, code);
                ins.setInt(3, tx.feedNo(e.getKey()));
                ins.setLong(4, e.getValue());
                ins.addBatch();
            }
            ins.executeBatch();
            return null;
        });
    }

    @Override
    public Map<FeedId, Long> loadPeerClock(FeedId peer, String direction) {
        int code = PeerClocks.code(direction);
        FeedRow r = heads.get(peer);
        if (r == null) {
            return Map.of();
        }
        return read(() -> {
            PreparedStatement p =
                    db.sql.get("SELECT feed_no, seq FROM peer_clocks WHERE peer_no = ? AND direction = ?");
            p.setInt(1, r.no());
            p.setInt(2, code);
            Map<FeedId, Long> clock = new HashMap<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    clock.put(feedsByNo.get(rs.getInt(1)), rs.getLong(2));
                }
            }
            return clock;
        });
    }

    @Override
    public Health health() {
        return health;
    }

    /** Closes the database; H2 compacts the file briefly on the way out. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (prober != null) {
                prober.shutdownNow();
            }
            H2Database d = db;
            db = null;
            if (d != null && d.broken()) {
                d.abandon();
            } else if (d != null) {
                d.close();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close the store in " + directory, e);
        } finally {
            OPEN.remove(directory);
            lock.unlock();
        }
    }

    // ---- machinery ----

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface TxWork<T> {
        T run(SqlTransaction tx) throws SQLException;
    }

    private <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            H2Database d = usable(false);
            try {
                T result = work.run();
                d.conn.commit(); // ends the read transaction; writes nothing
                return result;
            } catch (SQLException | RuntimeException e) {
                if (d.broken()) {
                    throw lose(e);
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new StoreException("store read failed: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one transaction; publishes new heads only once it has committed. */
    private <T> T write(String what, TxWork<T> work) {
        return write(what, true, work);
    }

    /**
     * {@code sync}: checkpoint before returning, so that what was committed is in the file. A write
     * the file cannot take (the disk is full) drops the database and throws {@link
     * StoreUnavailableException}: the file holds the last write that completed, and is reopened for
     * reads at once and for writes once there is room again (docs/storage.md, "A full disk").
     */
    private <T> T write(String what, boolean sync, TxWork<T> work) {
        lock.lock();
        try {
            H2Database d = usable(true);
            SqlTransaction tx = new SqlTransaction(d.conn, d.sql, SqlDialect.H2, heads, lastArrival, lastFeedNo);
            T result;
            long t0 = System.nanoTime();
            long t1;
            try {
                result = work.run(tx);
                tx.flushInserts();
                t1 = System.nanoTime();
            } catch (IllegalArgumentException e) {
                rollback(d); // the caller's input did not fit (restoreBelow): its message stands
                throw e;
            } catch (SQLException | RuntimeException e) {
                if (d.broken()) {
                    throw lose(e);
                }
                rollback(d);
                throw new StoreException(what + " failed, nothing of it was stored: " + e.getMessage(), e);
            }
            try {
                tx.commit();
                lastArrival = tx.nextArrival();
                lastFeedNo = tx.nextFeedNo();
            } catch (SQLException | RuntimeException e) {
                // The commit may be in H2's memory and not in the file: the file is what counts.
                throw lose(e);
            }
            long t2 = System.nanoTime();
            try {
                if (sync) {
                    d.checkpoint.execute("CHECKPOINT");
                }
            } catch (SQLException e) {
                throw lose(e);
            }
            long t3 = System.nanoTime();
            workNanos += t1 - t0;
            commitNanos += t2 - t1;
            checkpointNanos += t3 - t2;
            // Publish the new heads only once they are on disk (for a synced write): a reader that
            // sees seq n of a local author's feed may rely on entries up to n surviving a crash.
            for (FeedRow r : tx.changedRows()) {
                heads.put(r.feed(), r);
                feedsByNo.put(r.no(), r.feed());
            }
            if (!health.ready()) {
                Health was = health;
                health = Health.ready(System.currentTimeMillis());
                LOG.info(
                        "store in {} takes writes again, after refusing them for {} s ({})",
                        directory,
                        (health.sinceMillis() - was.sinceMillis()) / 1000,
                        was.reason());
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    private static void rollback(H2Database d) {
        d.sql.clearBatches();
        try {
            d.conn.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("store in " + directory + " is closed");
        }
    }

    // ---- surviving a failed write (docs/storage.md, "A full disk") ----

    /**
     * The database to run statements on, under the lock. After a failed write the file is opened
     * again (at most once per {@link #RETRY_MILLIS}): read-only while the file system has less than
     * {@link #MIN_FREE_BYTES} free, so that H2 writes nothing meanwhile, and for writing once it has.
     * A write is refused while there is no such room. Throws StoreUnavailableException when there
     * is no database to use now.
     */
    private H2Database usable(boolean write) {
        ensureOpen();
        if (db != null && db.broken()) {
            lose(db.panic()); // H2 gave up on it in the background (its own writer failed)
        }
        boolean room = health.ready() || hasRoom();
        if (write && !room) {
            throw noRoom();
        }
        if (db != null && db.readOnly && room) {
            H2Database readOnly = db;
            db = null;
            nextReopen = 0;
            readOnly.abandon(); // nothing to flush: reopen it for writing
        }
        if (db == null) {
            reopen(!room);
        }
        return db;
    }

    /**
     * Lets go of the database after a failed write or a panic of H2 (the file keeps every write that
     * completed) and stops taking writes until one can be made again. Returns the exception to
     * throw. Under the lock.
     */
    private StoreUnavailableException lose(Throwable cause) {
        String reason = WriteFailure.reason(cause, directory);
        H2Database d = db;
        db = null;
        nextReopen = 0; // reads may reopen the file at once
        if (d != null) {
            d.abandon();
        }
        degrade(reason, cause);
        return new StoreUnavailableException(reason, cause);
    }

    private void degrade(String reason, Throwable cause) {
        Health was = health;
        health = Health.degraded(reason, was.ready() ? System.currentTimeMillis() : was.sinceMillis());
        if (was.ready()) {
            LOG.error(
                    "store in {} stopped taking writes: {}. It keeps serving reads and takes writes again"
                            + " once it can, without a restart ({})",
                    directory,
                    reason,
                    cause == null ? "no detail" : cause.toString());
        }
        if (!probeScheduled && !closed) {
            if (prober == null) {
                prober = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "scurry-store-probe");
                    t.setDaemon(true);
                    return t;
                });
            }
            probeScheduled = true;
            prober.schedule(this::probe, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * While not ready: tries a small synced write (a row of {@code store_state}) every {@link
     * #RETRY_MILLIS}, so that the store becomes ready once space is back even when nobody writes.
     */
    private void probe() {
        lock.lock();
        try {
            probeScheduled = false;
            if (closed || health.ready()) {
                return;
            }
            write("probe", tx -> {
                tx.probe(System.currentTimeMillis());
                return null;
            });
        } catch (StoreUnavailableException e) {
            LOG.debug("store in {} still refuses writes: {}", directory, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("store in {}: probe write failed: {}", directory, e.toString());
        } finally {
            if (!closed && !health.ready() && !probeScheduled) {
                probeScheduled = true;
                prober.schedule(this::probe, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
            lock.unlock();
        }
    }

    /**
     * Reopens the file after a failure ({@code readOnly} while there is no room to write),
     * checking that every head it holds is sound. Under the lock.
     */
    private void reopen(boolean readOnly) {
        long now = System.currentTimeMillis();
        if (now < nextReopen) {
            throw new StoreUnavailableException(health.reason());
        }
        nextReopen = now + RETRY_MILLIS;
        H2Database fresh;
        try {
            fresh = H2Database.open(directory, fileSystem, settings, readOnly);
        } catch (SQLException | RuntimeException e) {
            String reason = WriteFailure.reason(e, directory);
            degrade(reason, e);
            throw new StoreUnavailableException(reason, e);
        }
        try {
            installHeads(readHeads(fresh, true));
        } catch (SQLException | RuntimeException e) {
            fresh.abandon();
            String reason =
                    "the store in " + directory + " could not be reopened after a failed write: " + e.getMessage();
            degrade(reason, e);
            throw new StoreUnavailableException(reason, e);
        }
        db = fresh;
        LOG.info(
                "store in {} reopened from its file after a failed write{}: {} feeds",
                directory,
                readOnly ? ", read-only until there is room" : "",
                heads.size());
    }

    /** True when the file system has room to write (or cannot tell: then a write will say). */
    private boolean hasRoom() {
        long free = WriteFailure.usableSpace(directory);
        return free < 0 || free >= MIN_FREE_BYTES;
    }

    /** Writes wait for room while not ready: the file system has less than {@link #MIN_FREE_BYTES}. */
    private StoreUnavailableException noRoom() {
        String reason = "the disk is full: " + WriteFailure.usableSpace(directory) + " bytes free for the store in "
                + directory + "; writing resumes once " + MIN_FREE_BYTES + " are free";
        degrade(reason, null);
        return new StoreUnavailableException(reason);
    }

    /** What the file holds: heads, numbers, oldest seqs and the last arrival. */
    private record Heads(
            Map<FeedId, FeedRow> heads,
            Map<Integer, FeedId> byNo,
            Map<FeedId, Long> lows,
            long lastArrival,
            int lastFeedNo) {}

    /**
     * Reads the heads of every feed; with {@code verify} (a reopen after a failed write), also
     * checks that each head's entry is there with the id the feeds row names, that nothing lies
     * beyond it, and that the oldest entry held is there: three index lookups per feed.
     */
    private static Heads readHeads(H2Database db, boolean verify) throws SQLException {
        Map<FeedId, FeedRow> heads = new HashMap<>();
        Map<Integer, FeedId> byNo = new HashMap<>();
        Map<FeedId, Long> lows = new HashMap<>();
        long lastArrival;
        int lastFeedNo = 0;
        try (Statement s = db.conn.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT feed_no, author_key, head_seq, head_id FROM feeds")) {
                while (rs.next()) {
                    byte[] id = rs.getBytes(4);
                    FeedRow r = new FeedRow(
                            FeedId.ofBytes(rs.getBytes(2)),
                            rs.getInt(1),
                            rs.getLong(3),
                            id == null ? null : EntryId.ofBytes(id));
                    heads.put(r.feed(), r);
                    byNo.put(r.no(), r.feed());
                    lastFeedNo = Math.max(lastFeedNo, r.no());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT feed_no, low_seq FROM feeds WHERE low_seq > 1")) {
                while (rs.next()) {
                    lows.put(byNo.get(rs.getInt(1)), rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT amount FROM store_state WHERE name = 'last_arrival'")) {
                lastArrival = rs.next() ? rs.getLong(1) : 0;
            }
        }
        if (verify) {
            for (FeedRow r : heads.values()) {
                verifyHead(db, r, lows.getOrDefault(r.feed(), 1L));
            }
        }
        db.conn.commit();
        return new Heads(heads, byNo, lows, lastArrival, lastFeedNo);
    }

    private static void verifyHead(H2Database db, FeedRow r, long low) throws SQLException {
        if (r.seq() == 0) {
            return;
        }
        PreparedStatement at = db.sql.get("SELECT body FROM entries WHERE k = ?");
        at.setLong(1, EntryKey.of(r.no(), r.seq()));
        List<Entry> head = bodies(at);
        if (head.isEmpty() || !head.get(0).id().equals(r.id())) {
            throw new StoreException("feed " + r.feed() + ": the entry at its head seq " + r.seq()
                    + (head.isEmpty() ? " is missing" : " is not the one its head names"));
        }
        at.setLong(1, EntryKey.of(r.no(), low));
        if (bodies(at).isEmpty()) {
            throw new StoreException("feed " + r.feed() + ": its oldest entry, seq " + low + ", is missing");
        }
        PreparedStatement beyond = db.sql.get("SELECT k FROM entries WHERE k > ? AND k <= ? LIMIT 1");
        beyond.setLong(1, EntryKey.of(r.no(), r.seq()));
        beyond.setLong(2, EntryKey.atOrAfter(r.no(), Long.MAX_VALUE));
        try (ResultSet rs = beyond.executeQuery()) {
            if (rs.next()) {
                throw new StoreException("feed " + r.feed() + " holds entries beyond its head seq " + r.seq());
            }
        }
    }

    /**
     * Makes what the file holds the cache (readers use it without the lock: entries are replaced,
     * never cleared all at once). After a reopen, replicated feeds may hold less than before: what
     * a deferred append had not yet put in the file is fetched from peers again.
     */
    private void installHeads(Heads h) {
        heads.keySet().retainAll(h.heads().keySet());
        heads.putAll(h.heads());
        feedsByNo.keySet().retainAll(h.byNo().keySet());
        feedsByNo.putAll(h.byNo());
        lows.keySet().retainAll(h.lows().keySet());
        lows.putAll(h.lows());
        lastArrival = h.lastArrival();
        lastFeedNo = h.lastFeedNo();
    }

    private static List<Entry> bodies(PreparedStatement p) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(Entry.decode(rs.getBytes(1)));
            }
        }
        return out;
    }

    private Set<FeedId> feedsOf(PreparedStatement p) throws SQLException {
        Set<FeedId> out = new LinkedHashSet<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(feedsByNo.get(rs.getInt(1)));
            }
        }
        return out;
    }

    private long diskBytes() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(FILE_NAME + "."))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0; // a temp file vanished between list and size
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
