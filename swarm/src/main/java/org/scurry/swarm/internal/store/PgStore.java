package org.scurry.swarm.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.ForkProof;
import org.scurry.swarm.Health;
import org.scurry.swarm.StoreLocation;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.internal.store.TimelineMerge.Candidate;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.Arrival;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.StoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Store} in a PostgreSQL database ({@code scurry.store.url=jdbc:postgresql://...}), for a
 * history server whose archive should live where its operator already keeps, backs up and watches
 * databases. The same tables and keys as {@link H2Store} (schema: {@code pgmigrations/}, applied at
 * open), the same chain rule ({@link SqlTransaction}, {@link ChainRule}) and derivations. See
 * docs/storage.md, "PostgreSQL".
 *
 * <p><b>Durability.</b> A write returns after PostgreSQL committed it, with the server's {@code
 * synchronous_commit} (on by default: the WAL is flushed to disk, so it survives a power cut of the
 * database server too, which the H2 store does not promise). {@link #appendAllDeferred} commits with
 * {@code synchronous_commit = off} for its transaction: a crash of the database server may lose the
 * last fraction of a second of replicated entries (whole transactions), a crash of this process
 * loses nothing committed.
 *
 * <p><b>One store per database.</b> The store caches every feed's head and numbers feeds itself, so
 * it holds the database's advisory lock ({@link PgDatabase#LOCK_KEY}) while connected; a second
 * store on the same database is refused at open.
 *
 * <p><b>Degraded.</b> A lost connection (the server stopped, restarted, crashed, the network went)
 * or a write the server refuses (its disk is full, it is read-only, out of resources) throws {@link
 * StoreUnavailableException} with the reason and turns {@link #health()} not ready. A lost
 * connection is dropped; the store connects again (at most once per {@link #RETRY_MILLIS}, on the
 * next call or the probe's), takes the lock again and reloads the heads from the database, which is
 * the truth. A probe write every {@link #RETRY_MILLIS} makes the store ready again once a write
 * succeeds, without a restart. Reads that only need the head cache ({@link #latestSeq}, {@link
 * #clock}, {@link #stats}) answer throughout; reads of entries need the server and throw {@link
 * StoreUnavailableException} while it cannot be reached. A read that finds the connection dead
 * connects again at once and is retried once, so a database restart between two calls is not seen.
 *
 * <p><b>Concurrency.</b> One connection guarded by one lock, as in {@link H2Store}: a history
 * server has one writer (its replication ingest) and readers that are served one query at a time.
 *
 * <p>Why it is long: like {@link H2Store}, it is the whole Store contract in SQL, each call with its
 * reconnect-and-retry rule; what both stores share already left (SqlTransaction, SqlStatements,
 * Derivation, TimelineMerge), and what is PostgreSQL's own is in PgDatabase, PgFailure, SqlDialect.
 */
public final class PgStore implements Store {
    /** While not ready: at most one connection attempt, and one probe write, per this period. */
    static final long RETRY_MILLIS = 1000;

    /** How long a database size read for {@link #stats} is reused. */
    static final long SIZE_TTL_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(PgStore.class);

    private final StoreLocation location;
    /** The URL without a password: what messages and logs name. */
    private final String where;
    /** The connection; null after it was lost, until connected again. Guarded by {@link #lock}. */
    private PgDatabase db;

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
    /** No connection attempt before this time (wall clock, ms). Guarded by {@link #lock}. */
    private long nextConnect;

    private ScheduledExecutorService prober;
    private boolean probeScheduled;
    private volatile long sizeBytes;
    private long sizeReadAt;

    private PgStore(StoreLocation location, PgDatabase db) throws SQLException {
        this.location = location;
        this.where = location.redactedUrl();
        this.db = db;
        this.migrationsApplied = db.migrationsApplied;
        installHeads(readHeads(db));
    }

    /**
     * Connects to the database {@code location} names, applying pending migrations. Throws {@link
     * StoreException} naming the database (never its password) when it cannot be reached, the
     * login fails, or another store uses it.
     */
    public static PgStore open(StoreLocation location) {
        if (!location.isPostgres()) {
            throw new IllegalArgumentException("not a PostgreSQL location: " + location);
        }
        PgDatabase db;
        try {
            db = PgDatabase.open(location);
        } catch (SQLException | RuntimeException e) {
            throw new StoreException(
                    "cannot open the store in the database at " + location.redactedUrl() + ": " + scrub(e, location),
                    e instanceof StoreException ? null : PgFailure.unwrap(e));
        }
        try {
            PgStore store = new PgStore(location, db);
            LOG.info(
                    "store in the database at {}: {} feeds{}",
                    store.where,
                    store.heads.size(),
                    store.migrationsApplied > 0 ? ", " + store.migrationsApplied + " migration(s) applied" : "");
            return store;
        } catch (SQLException | RuntimeException e) {
            db.abandon();
            throw new StoreException(
                    "cannot read the store in the database at " + location.redactedUrl() + ": " + scrub(e, location),
                    PgFailure.unwrap(e));
        }
    }

    /** How many migrations this open applied (0 when the schema was already current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** Where the store is, without the password. */
    public String where() {
        return where;
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
        return write("append", true, tx -> offerAll(tx, entries));
    }

    /** Commits with {@code synchronous_commit = off}: see the class comment. */
    @Override
    public List<AppendResult> appendAllDeferred(List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        return write("append", false, tx -> offerAll(tx, entries));
    }

    private List<AppendResult> offerAll(SqlTransaction tx, List<Entry> entries) throws SQLException {
        List<AppendResult> results = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Long low = lows.get(e.author());
            if (low != null && e.seq() < low) {
                results.add(new AppendResult(e, AppendResult.Status.DUPLICATE, H2Store.belowOldest(e, low)));
            } else {
                results.add(tx.offer(e));
            }
        }
        return results;
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
        long deleted = write("prune", true, tx -> {
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

    @Override
    public long restoreBelow(FeedId feed, List<Entry> entries) {
        FeedRow r = heads.get(feed);
        long low = r == null || r.seq() == 0 ? 0 : lows.getOrDefault(feed, 1L);
        long newLow = write("restore", true, tx -> {
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

    /** Scans {@code id_prefix} (no index, as in H2Store: no hot path looks entries up by id). */
    @Override
    public Optional<Entry> get(EntryId id) {
        return read(d -> {
            Optional<Entry> reply = SocialQueries.reply(d.sql, id);
            if (reply.isPresent()) {
                return reply;
            }
            PreparedStatement p = d.sql.get("SELECT body FROM entries WHERE id_prefix = ?");
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
        return read(d -> {
            PreparedStatement p = d.sql.get("SELECT body FROM entries WHERE k = ?");
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
        return read(d -> {
            PreparedStatement p = d.sql.get("SELECT body FROM entries WHERE k BETWEEN ? AND ? ORDER BY k LIMIT ?");
            p.setLong(1, EntryKey.atOrAfter(r.no(), fromSeq));
            p.setLong(2, EntryKey.atOrAfter(r.no(), toSeq));
            p.setInt(3, limit);
            return bodies(p);
        });
    }

    /** One range scan of {@code entries_by_arrival} (pgmigrations V2) from the position. */
    @Override
    public List<Arrival> arrivedSince(long position, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("arrivedSince limit must be ≥ 1: " + limit);
        }
        return read(d -> {
            PreparedStatement p =
                    d.sql.get("SELECT arrival, body FROM entries WHERE arrival > ? ORDER BY arrival LIMIT ?");
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

    /** The seq range below {@code beforeSeq}, read ascending by key and reversed (chains are contiguous). */
    @Override
    public List<Entry> feedPage(FeedId feed, long beforeSeq, int limit) {
        FeedRow r = heads.get(feed);
        if (r == null || limit < 1) {
            return List.of();
        }
        long to = Math.min(beforeSeq - 1, r.seq());
        if (to < 1) {
            return List.of();
        }
        long from = Math.max(lows.getOrDefault(feed, 1L), to - limit + 1);
        if (from > to) {
            return List.of();
        }
        List<Entry> page = new ArrayList<>(range(feed, from, to, limit));
        Collections.reverse(page);
        return page;
    }

    /**
     * The plan of {@link H2Store#timeline} (per followed feed one index range scan of {@code
     * entries_by_feed_time} from the cursor, at most {@code limit + 1} rows; the newest of them
     * merged; then their bodies by key) in one statement: a {@code LATERAL} scan per feed number of
     * the array, so a page is one round trip to the server instead of one per followed feed and
     * one per entry (150 for 100 feeds and a page of 50). On loopback both took the same time
     * (docs/performance.md); to a database on another machine each round trip costs the network's
     * latency.
     */
    @Override
    public TimelinePage timeline(Collection<FeedId> followed, TimelineCursor before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("timeline limit must be ≥ 1: " + limit);
        }
        long ts = before == null ? Long.MAX_VALUE : before.timestamp();
        long arrival = before == null ? Long.MAX_VALUE : before.arrival();
        List<Integer> numbers = new ArrayList<>();
        for (FeedId feed : new HashSet<>(followed)) {
            FeedRow r = heads.get(feed);
            if (r != null && r.seq() > 0) {
                numbers.add(r.no());
            }
        }
        if (numbers.isEmpty()) {
            return new TimelinePage(List.of(), null);
        }
        return read(d -> {
            PreparedStatement p = d.sql.get("SELECT t.ts, t.arrival, (SELECT body FROM entries b WHERE b.k = t.k)"
                    + " FROM (SELECT c.ts, c.arrival, c.k FROM unnest(?) AS f(no) CROSS JOIN LATERAL"
                    + " (SELECT ts, arrival, k FROM entries WHERE feed_no = f.no AND ts <= ?"
                    + " AND (ts < ? OR arrival < ?) ORDER BY ts DESC, arrival DESC LIMIT ?) c"
                    + " ORDER BY c.ts DESC, c.arrival DESC LIMIT ?) t ORDER BY t.ts DESC, t.arrival DESC");
            p.setArray(1, d.conn.createArrayOf("integer", numbers.toArray()));
            p.setLong(2, ts);
            p.setLong(3, ts);
            p.setLong(4, arrival);
            p.setInt(5, limit + 1);
            p.setInt(6, limit + 1);
            List<Candidate<Entry>> picked = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    picked.add(new Candidate<>(rs.getLong(1), rs.getLong(2), Entry.decode(rs.getBytes(3))));
                }
            }
            List<Entry> page = new ArrayList<>();
            for (int i = 0; i < picked.size() && i < limit; i++) {
                page.add(picked.get(i).ref());
            }
            return new TimelinePage(page, TimelineMerge.next(picked, limit));
        });
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
        return read(d -> {
            PreparedStatement p = d.sql.get("SELECT kept, rejected FROM fork_proofs WHERE feed_no = ?");
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
        return read(d -> {
            PreparedStatement p = d.sql.get("SELECT followee_no FROM follows WHERE follower_no = ?");
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
        return read(d -> {
            PreparedStatement p = d.sql.get("SELECT name FROM feeds WHERE feed_no = ?");
            p.setInt(1, r.no());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public List<Entry> replies(EntryId parent) {
        return read(d -> SocialQueries.replies(d.sql, parent));
    }

    @Override
    public List<Entry> replies(Collection<EntryId> parents) {
        return parents.isEmpty() ? List.of() : read(d -> SocialQueries.replies(d.sql, parents));
    }

    @Override
    public Optional<Entry> latestProfile(FeedId feed) {
        FeedRow r = heads.get(feed);
        if (r == null || r.seq() == 0) {
            return Optional.empty();
        }
        long seq = read(d -> SocialQueries.feedCounts(d.sql, r.no())[1]);
        return seq > 0 ? get(feed, seq) : Optional.empty();
    }

    @Override
    public long postsStored(FeedId feed) {
        FeedRow r = heads.get(feed);
        return r == null ? 0 : read(d -> SocialQueries.feedCounts(d.sql, r.no())[0]);
    }

    @Override
    public long followersKnown(FeedId feed) {
        FeedRow r = heads.get(feed);
        return r == null ? 0 : read(d -> SocialQueries.followers(d.sql, r.no()));
    }

    @Override
    public Set<FeedId> feedsNamed(String name) {
        return read(d -> {
            PreparedStatement p = d.sql.get("SELECT feed_no FROM feeds WHERE name_key = ?");
            p.setString(1, Derivation.nameKey(name));
            return feedsOf(p);
        });
    }

    /**
     * Feeds and entries from the head cache; the bytes are {@code pg_database_size}, read at most
     * every {@link #SIZE_TTL_MILLIS} and only when the lock is free (a status request never waits
     * for a writer), else the last value read.
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
        refreshSize();
        return new StoreStats(feeds, entries, sizeBytes);
    }

    private void refreshSize() {
        long now = System.currentTimeMillis();
        if (now - sizeReadAt < SIZE_TTL_MILLIS || closed || !lock.tryLock()) {
            return;
        }
        try {
            sizeReadAt = now;
            if (db != null) {
                sizeBytes = db.size();
            }
        } catch (SQLException | RuntimeException e) {
            // the next call finds a dead connection by itself; an aborted transaction must not
            // be left for it
            rollback(db);
            LOG.debug("store in the database at {}: size not read: {}", where, scrub(e, location));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void savePeerClock(FeedId peer, String direction, Map<FeedId, Long> clock) {
        int code = PeerClocks.code(direction);
        write("save peer clock", true, tx -> {
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
        return read(d -> {
            PreparedStatement p = d.sql.get("SELECT feed_no, seq FROM peer_clocks WHERE peer_no = ? AND direction = ?");
            p.setInt(1, r.no());
            p.setInt(2, code);
            Map<FeedId, Long> out = new HashMap<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(feedsByNo.get(rs.getInt(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public Health health() {
        return health;
    }

    /** Closes the connection, which releases the database's advisory lock. Idempotent. */
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
            PgDatabase d = db;
            db = null;
            if (d != null) {
                d.close();
            }
        } catch (SQLException e) {
            LOG.debug("store in the database at {}: close: {}", where, e.toString());
        } finally {
            lock.unlock();
        }
    }

    // ---- machinery ----

    @FunctionalInterface
    private interface ReadWork<T> {
        T run(PgDatabase d) throws SQLException;
    }

    @FunctionalInterface
    private interface TxWork<T> {
        T run(SqlTransaction tx) throws SQLException;
    }

    /**
     * Runs a read on the connection; a read that finds the connection dead connects again at once
     * and runs once more (reads change nothing, so a second run is safe).
     */
    private <T> T read(ReadWork<T> work) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                PgDatabase d = connected();
                try {
                    T result = work.run(d);
                    d.conn.commit(); // ends the read transaction
                    return result;
                } catch (SQLException | RuntimeException e) {
                    PgFailure.Kind kind = PgFailure.kind(e, d.closed());
                    if (kind == PgFailure.Kind.CONNECTION) {
                        StoreUnavailableException lost = lose(e);
                        if (attempt == 1) {
                            nextConnect = 0;
                            continue;
                        }
                        throw lost;
                    }
                    rollback(d);
                    if (e instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new StoreException("store read failed: " + scrub(e, location), PgFailure.unwrap(e));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one transaction and publishes the new heads once it has committed ({@code
     * sync} false: with {@code synchronous_commit = off}). A failure before the commit on a dead
     * connection is retried once on a new one (nothing of it was stored); a failure of the commit
     * itself is not retried, as the server may have committed it: the heads are reloaded from the
     * database when the store connects again.
     */
    private <T> T write(String what, boolean sync, TxWork<T> work) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                PgDatabase d = connected();
                SqlTransaction tx =
                        new SqlTransaction(d.conn, d.sql, SqlDialect.POSTGRES, heads, lastArrival, lastFeedNo);
                T result;
                try {
                    if (!sync) {
                        d.sql.get("SELECT set_config('synchronous_commit', 'off', true)")
                                .executeQuery()
                                .close();
                    }
                    result = work.run(tx);
                    tx.flushInserts();
                } catch (IllegalArgumentException e) {
                    rollback(d); // the caller's input did not fit (restoreBelow): its message stands
                    throw e;
                } catch (SQLException | RuntimeException e) {
                    PgFailure.Kind kind = PgFailure.kind(e, d.closed());
                    if (kind == PgFailure.Kind.CONNECTION && attempt == 1) {
                        lose(e);
                        nextConnect = 0;
                        continue;
                    }
                    throw failed(what, d, kind, e);
                }
                try {
                    tx.commit();
                } catch (SQLException | RuntimeException e) {
                    throw failed(what, d, PgFailure.kind(e, d.closed()), e);
                }
                lastArrival = tx.nextArrival();
                lastFeedNo = tx.nextFeedNo();
                for (FeedRow r : tx.changedRows()) {
                    heads.put(r.feed(), r);
                    feedsByNo.put(r.no(), r.feed());
                }
                if (!health.ready()) {
                    Health was = health;
                    health = Health.ready(System.currentTimeMillis());
                    LOG.info(
                            "store in the database at {} takes writes again, after refusing them for {} s ({})",
                            where,
                            (health.sinceMillis() - was.sinceMillis()) / 1000,
                            was.reason());
                }
                return result;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The exception for a failed write, after rolling back or dropping the connection. */
    private RuntimeException failed(String what, PgDatabase d, PgFailure.Kind kind, Exception e) {
        if (kind == PgFailure.Kind.CONNECTION) {
            return lose(e);
        }
        rollback(d);
        if (kind == PgFailure.Kind.REFUSED) {
            String reason = scrub(PgFailure.reason(e, where), location);
            degrade(reason, e);
            return new StoreUnavailableException(reason, PgFailure.unwrap(e));
        }
        return new StoreException(
                what + " failed, nothing of it was stored: " + scrub(e, location), PgFailure.unwrap(e));
    }

    private static void rollback(PgDatabase d) {
        if (d == null) {
            return;
        }
        d.sql.clearBatches();
        try {
            d.conn.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("store in the database at " + where + " is closed");
        }
    }

    /**
     * The connection, connecting again (at most once per {@link #RETRY_MILLIS}) when it was lost.
     * Throws StoreUnavailableException while there is none. Under the lock.
     */
    private PgDatabase connected() {
        ensureOpen();
        if (db != null) {
            return db;
        }
        long now = System.currentTimeMillis();
        if (now < nextConnect) {
            throw new StoreUnavailableException(
                    health.ready() ? "the database at " + where + " cannot be reached" : health.reason());
        }
        nextConnect = now + RETRY_MILLIS;
        PgDatabase fresh;
        try {
            fresh = PgDatabase.open(location);
        } catch (SQLException | RuntimeException e) {
            String reason = e instanceof StoreException ? e.getMessage() : scrub(PgFailure.reason(e, where), location);
            degrade(reason, e);
            throw new StoreUnavailableException(reason, PgFailure.unwrap(e));
        }
        try {
            installHeads(readHeads(fresh));
        } catch (SQLException | RuntimeException e) {
            fresh.abandon();
            String reason = "the store in the database at " + where
                    + " could not be read again after the connection was lost: " + scrub(e, location);
            degrade(reason, e);
            throw new StoreUnavailableException(reason, PgFailure.unwrap(e));
        }
        db = fresh;
        LOG.info("store connected again to the database at {}: {} feeds", where, heads.size());
        return fresh;
    }

    /**
     * Drops the connection after it failed and stops taking writes until one succeeds again. Returns
     * the exception to throw. Under the lock.
     */
    private StoreUnavailableException lose(Throwable cause) {
        String reason = scrub(PgFailure.reason(cause, where), location);
        PgDatabase d = db;
        db = null;
        if (d != null) {
            d.abandon();
        }
        degrade(reason, cause);
        return new StoreUnavailableException(reason, PgFailure.unwrap(cause));
    }

    private void degrade(String reason, Throwable cause) {
        Health was = health;
        health = Health.degraded(reason, was.ready() ? System.currentTimeMillis() : was.sinceMillis());
        if (was.ready()) {
            LOG.error(
                    "store in the database at {} stopped taking writes: {}. It takes writes again once it can,"
                            + " without a restart ({})",
                    where,
                    reason,
                    cause == null
                            ? "no detail"
                            : PgFailure.unwrap(cause).getClass().getSimpleName() + ": " + scrub(cause, location));
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

    /** While not ready: a small write every {@link #RETRY_MILLIS}, connecting again if need be. */
    private void probe() {
        lock.lock();
        try {
            probeScheduled = false;
            if (closed || health.ready()) {
                return;
            }
            write("probe", true, tx -> {
                tx.probe(System.currentTimeMillis());
                return null;
            });
        } catch (StoreUnavailableException e) {
            LOG.debug("store in the database at {} still refuses writes: {}", where, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("store in the database at {}: probe write failed: {}", where, scrub(e, location));
        } finally {
            if (!closed && !health.ready() && !probeScheduled) {
                probeScheduled = true;
                prober.schedule(this::probe, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
            lock.unlock();
        }
    }

    /** What the database holds: heads, numbers, oldest seqs and the last arrival. */
    private record Heads(
            Map<FeedId, FeedRow> heads,
            Map<Integer, FeedId> byNo,
            Map<FeedId, Long> lows,
            long lastArrival,
            int lastFeedNo) {}

    private static Heads readHeads(PgDatabase db) throws SQLException {
        Map<FeedId, FeedRow> heads = new HashMap<>();
        Map<Integer, FeedId> byNo = new HashMap<>();
        Map<FeedId, Long> lows = new HashMap<>();
        long lastArrival;
        int lastFeedNo = 0;
        try (Statement s = db.conn.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT feed_no, author_key, head_seq, head_id, low_seq FROM feeds")) {
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
                    if (rs.getLong(5) > 1) {
                        lows.put(r.feed(), rs.getLong(5));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT amount FROM store_state WHERE name = 'last_arrival'")) {
                lastArrival = rs.next() ? rs.getLong(1) : 0;
            }
        }
        db.conn.commit();
        return new Heads(heads, byNo, lows, lastArrival, lastFeedNo);
    }

    /** Makes what the database holds the cache (entries are replaced, never cleared all at once). */
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

    /** The failure's message with the password, should the driver ever echo it, replaced. */
    static String scrub(Throwable e, StoreLocation location) {
        return scrub(PgFailure.message(e), location);
    }

    static String scrub(String text, StoreLocation location) {
        String out = StoreLocation.redact(text);
        if (!location.password().isEmpty()) {
            out = out.replace(location.password(), "***");
        }
        return out;
    }
}
