package org.scurry.swarm.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.AppendResult.Status;

/**
 * One write transaction of {@link H2Store} or {@link PgStore}, used under the store's lock. Heads and feed numbers changed
 * here live in {@link #changed} until {@link #commit()}; the store publishes them to its cache only
 * after the commit succeeded, so readers never see an uncommitted head. Entry inserts are batched
 * and flushed before any query that could need to see them.
 */
final class SqlTransaction {
    private final Connection conn;
    private final SqlStatements sql;
    private final SqlDialect dialect;
    private final Map<FeedId, FeedRow> cache;
    private final Map<FeedId, FeedRow> changed = new LinkedHashMap<>();
    private final List<FeedRow> created = new ArrayList<>();
    private long nextArrival;
    private int nextFeedNo;
    private int pendingInserts;
    private final long firstArrival;
    /** Posts appended per feed number in this transaction: added to {@code feeds.posts} at commit. */
    private final Map<Integer, Long> posts = new java.util.HashMap<>();

    private static final String INSERT_ENTRY =
            "INSERT INTO entries (k, arrival, feed_no, seq, ts, id_prefix, body) VALUES (?, ?, ?, ?, ?, ?, ?)";

    SqlTransaction(
            Connection conn,
            SqlStatements sql,
            SqlDialect dialect,
            Map<FeedId, FeedRow> cache,
            long nextArrival,
            int nextFeedNo) {
        this.conn = conn;
        this.sql = sql;
        this.dialect = dialect;
        this.cache = cache;
        this.nextArrival = nextArrival;
        this.firstArrival = nextArrival;
        this.nextFeedNo = nextFeedNo;
    }

    AppendResult offer(Entry e) throws SQLException {
        FeedRow head = row(e.author());
        long headSeq = head == null ? 0 : head.seq();
        Status status =
                ChainRule.classify(e, headSeq, head == null ? null : head.id(), seq -> storedId(head.no(), seq));
        if (status == Status.APPENDED) {
            FeedRow row = head == null ? createFeed(e.author()) : head;
            insert(row.no(), e);
            changed.put(e.author(), row.withHead(e.seq(), e.id()));
            derive(row.no(), e);
        } else if (status == Status.FORK) {
            recordFork(head.no(), e);
        }
        return new AppendResult(e, status, ChainRule.detail(status, e, headSeq));
    }

    /**
     * Inserts an entry of a feed's pruned past ({@code Store#restoreBelow}, checked by the caller):
     * the head and derived state stay as they are.
     */
    void restore(int feedNo, Entry e) throws SQLException {
        insert(feedNo, e);
    }

    /** A write of a few bytes, to learn whether the database takes writes again (the stores' probe). */
    void probe(long now) throws SQLException {
        PreparedStatement p = sql.get(dialect.probe);
        p.setLong(1, now);
        p.executeUpdate();
    }

    /** The feed's number, creating a row (head 0) when the feed is new. */
    int feedNo(FeedId feed) throws SQLException {
        FeedRow row = row(feed);
        return row == null ? createFeed(feed).no() : row.no();
    }

    /** Flushes batched inserts, writes changed heads and commits. */
    void commit() throws SQLException {
        flushInserts();
        PreparedStatement up =
                sql.get("UPDATE feeds SET head_seq = ?, head_id = ?, posts = posts + ? WHERE feed_no = ?");
        for (FeedRow r : changed.values()) {
            if (r.seq() > 0) {
                up.setLong(1, r.seq());
                up.setBytes(2, r.id().toBytes());
                up.setLong(3, posts.getOrDefault(r.no(), 0L));
                up.setInt(4, r.no());
                up.addBatch();
            }
        }
        up.executeBatch();
        if (nextArrival != firstArrival) {
            PreparedStatement last = sql.get("UPDATE store_state SET amount = ? WHERE name = 'last_arrival'");
            last.setLong(1, nextArrival);
            last.executeUpdate();
        }
        conn.commit();
    }

    /** Feeds whose row changed or was created: to publish to the cache after the commit. */
    Iterable<FeedRow> changedRows() {
        List<FeedRow> all = new ArrayList<>(created);
        all.addAll(changed.values());
        return all;
    }

    long nextArrival() {
        return nextArrival;
    }

    int nextFeedNo() {
        return nextFeedNo;
    }

    private FeedRow row(FeedId feed) {
        FeedRow r = changed.get(feed);
        return r != null ? r : cache.get(feed);
    }

    private FeedRow createFeed(FeedId feed) throws SQLException {
        FeedRow row = new FeedRow(feed, ++nextFeedNo, 0, null);
        PreparedStatement p = sql.get("INSERT INTO feeds (feed_no, author_key) VALUES (?, ?)");
        p.setInt(1, row.no());
        p.setBytes(2, feed.toBytes());
        p.executeUpdate();
        changed.put(feed, row);
        created.add(row);
        return row;
    }

    private void insert(int feedNo, Entry e) throws SQLException {
        PreparedStatement p = sql.get(INSERT_ENTRY);
        p.setLong(1, EntryKey.of(feedNo, e.seq()));
        p.setLong(2, ++nextArrival);
        p.setInt(3, feedNo);
        p.setLong(4, e.seq());
        p.setLong(5, e.timestamp());
        p.setLong(6, e.id().prefix());
        p.setBytes(7, e.encodedUnsafe());
        p.addBatch();
        pendingInserts++;
    }

    void flushInserts() throws SQLException {
        if (pendingInserts > 0) {
            sql.get(INSERT_ENTRY).executeBatch();
            pendingInserts = 0;
        }
    }

    Entry stored(int feedNo, long seq) {
        try {
            flushInserts();
            PreparedStatement p = sql.get("SELECT body FROM entries WHERE k = ?");
            p.setLong(1, EntryKey.of(feedNo, seq));
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(
                            "feed " + feedNo + " has a head beyond seq " + seq + " but no entry at it");
                }
                return Entry.decode(rs.getBytes(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read feed " + feedNo + " seq " + seq, e);
        }
    }

    private EntryId storedId(int feedNo, long seq) {
        return stored(feedNo, seq).id();
    }

    /** Keeps the first proof per feed: later forks of the same feed add nothing new to act on. */
    private void recordFork(int feedNo, Entry rejected) throws SQLException {
        PreparedStatement has = sql.get("SELECT 1 FROM fork_proofs WHERE feed_no = ?");
        has.setInt(1, feedNo);
        try (ResultSet rs = has.executeQuery()) {
            if (rs.next()) {
                return;
            }
        }
        Entry kept = stored(feedNo, rejected.seq());
        PreparedStatement p = sql.get("INSERT INTO fork_proofs (feed_no, seq, kept, rejected) VALUES (?, ?, ?, ?)");
        p.setInt(1, feedNo);
        p.setLong(2, rejected.seq());
        p.setBytes(3, kept.encodedUnsafe());
        p.setBytes(4, rejected.encodedUnsafe());
        p.executeUpdate();
    }

    private void derive(int authorNo, Entry e) throws SQLException {
        if (org.scurry.swarm.Kind.POST.equals(e.kind())) {
            posts.merge(authorNo, 1L, Long::sum);
            org.scurry.swarm.entry.ReplyRef ref = org.scurry.swarm.entry.ReplyRef.of(e);
            if (ref != null) {
                PreparedStatement p = sql.get(SocialQueries.INSERT_REPLY);
                SocialQueries.bindReply(p, ref, EntryKey.of(authorNo, e.seq()), e);
                p.executeUpdate();
            }
        } else if (org.scurry.swarm.Kind.PROFILE.equals(e.kind())) {
            PreparedStatement p = sql.get("UPDATE feeds SET profile_seq = ? WHERE feed_no = ?");
            p.setLong(1, e.seq());
            p.setInt(2, authorNo);
            p.executeUpdate();
        }
        Derivation d = Derivation.of(e);
        if (d instanceof Derivation.Follow f) {
            int target = feedNo(f.target());
            PreparedStatement p = f.following()
                    ? sql.get(dialect.addFollow)
                    : sql.get("DELETE FROM follows WHERE follower_no = ? AND followee_no = ?");
            p.setInt(1, authorNo);
            p.setInt(2, target);
            p.executeUpdate();
        } else if (d instanceof Derivation.Name n) {
            PreparedStatement p = sql.get("UPDATE feeds SET name = ?, name_key = ? WHERE feed_no = ?");
            p.setString(1, n.name());
            p.setString(2, Derivation.nameKey(n.name()));
            p.setInt(3, authorNo);
            p.executeUpdate();
        }
    }
}
