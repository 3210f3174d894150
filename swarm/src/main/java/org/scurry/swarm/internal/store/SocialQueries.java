package org.scurry.swarm.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.entry.ReplyRef;

/**
 * The reads and writes of replies and profiles that {@link H2Store} and {@link PgStore} share
 * (the same SQL on both; tables from H2's V7 and PostgreSQL's V3). Each read is run by the
 * store's own read wrapper, under its lock, on its connection's statements.
 */
final class SocialQueries {
    static final String INSERT_REPLY = "INSERT INTO replies (parent_prefix, k, id_prefix) VALUES (?, ?, ?)";

    private SocialQueries() {}

    static void bindReply(PreparedStatement p, ReplyRef ref, long k, Entry reply) throws SQLException {
        p.setLong(1, ref.parent().prefix());
        p.setLong(2, k);
        p.setLong(3, reply.id().prefix());
    }

    /**
     * The posts held whose replyTo is {@code parent}, in row-key order (by author, then seq): one
     * range read of the replies key, then each body by row key. Rows of entries pruned since are
     * skipped by the join; prefixes that collide are filtered by the full id.
     */
    static List<Entry> replies(SqlStatements sql, EntryId parent) throws SQLException {
        PreparedStatement p = sql.get(
                "SELECT e.body FROM replies r JOIN entries e ON e.k = r.k" + " WHERE r.parent_prefix = ? ORDER BY r.k");
        p.setLong(1, parent.prefix());
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Entry e = Entry.decode(rs.getBytes(1));
                ReplyRef ref = ReplyRef.of(e);
                if (ref != null && ref.parent().equals(parent)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Parents asked per statement by {@link #replies(SqlStatements, Collection)}; a short batch is padded. */
    static final int PARENTS_PER_QUERY = 64;

    private static final String REPLIES_OF_MANY = "SELECT k FROM replies WHERE parent_prefix IN ("
            + String.join(", ", java.util.Collections.nCopies(PARENTS_PER_QUERY, "?")) + ")";

    /**
     * The posts held answering any of {@code parents}: one statement per {@value #PARENTS_PER_QUERY}
     * parents (the same SQL each time, padded with the last prefix, so it is prepared once).
     */
    static List<Entry> replies(SqlStatements sql, java.util.Collection<EntryId> parents) throws SQLException {
        java.util.Set<EntryId> wanted = new java.util.HashSet<>(parents);
        List<Long> prefixes = wanted.stream().map(EntryId::prefix).distinct().toList();
        List<Entry> out = new ArrayList<>();
        PreparedStatement p = sql.get(REPLIES_OF_MANY);
        for (int from = 0; from < prefixes.size(); from += PARENTS_PER_QUERY) {
            List<Long> batch = prefixes.subList(from, Math.min(prefixes.size(), from + PARENTS_PER_QUERY));
            for (int i = 0; i < PARENTS_PER_QUERY; i++) {
                p.setLong(i + 1, batch.get(Math.min(i, batch.size() - 1)));
            }
            List<Long> keys = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
            for (long k : keys) {
                Entry e = byKey(sql, k);
                ReplyRef ref = e == null ? null : ReplyRef.of(e);
                if (ref != null && wanted.contains(ref.parent())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /**
     * The entry with row key {@code k}, null when it was pruned. Read by key after the replies'
     * keys, as the timeline reads its page: each read stays a primary-key lookup, whatever plan
     * the database would pick for a join with a 64-value IN list.
     */
    private static Entry byKey(SqlStatements sql, long k) throws SQLException {
        PreparedStatement p = sql.get("SELECT body FROM entries WHERE k = ?");
        p.setLong(1, k);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? Entry.decode(rs.getBytes(1)) : null;
        }
    }

    /** A reply held, found by its own id through the replies index; empty for any other entry. */
    static Optional<Entry> reply(SqlStatements sql, EntryId id) throws SQLException {
        PreparedStatement p = sql.get("SELECT e.body FROM replies r JOIN entries e ON e.k = r.k WHERE r.id_prefix = ?");
        p.setLong(1, id.prefix());
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Entry e = Entry.decode(rs.getBytes(1));
                if (e.id().equals(id)) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code feeds.posts} and {@code feeds.profile_seq} (0 when none) of a feed row. */
    static long[] feedCounts(SqlStatements sql, int feedNo) throws SQLException {
        PreparedStatement p = sql.get("SELECT posts, profile_seq FROM feeds WHERE feed_no = ?");
        p.setInt(1, feedNo);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2];
        }
    }

    /** How many feeds held here follow feed number {@code feedNo}. */
    static long followers(SqlStatements sql, int feedNo) throws SQLException {
        PreparedStatement p = sql.get("SELECT COUNT(*) FROM follows WHERE followee_no = ?");
        p.setInt(1, feedNo);
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
