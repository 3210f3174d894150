package org.scurry.swarm.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Kind;
import org.scurry.swarm.entry.ReplyRef;

/**
 * The Java step of the migration that added replies and profiles (H2 V7, PostgreSQL V3): derives,
 * from the entries already stored, what {@link SqlTransaction} derives for each new one: reply
 * rows, the posts counted per feed, the seq of each feed's latest profile entry. One pass over the
 * entries, in the migration's transaction; re-runnable (it replaces what it writes).
 */
final class SocialBackfill {
    static final String MIGRATION_SUFFIX = "__replies_and_profiles.sql";

    private static final int BATCH = 1000;

    private SocialBackfill() {}

    static void run(Connection c) throws SQLException {
        Map<Integer, long[]> perFeed = new HashMap<>(); // feed_no -> {posts, profile seq}
        try (Statement clear = c.createStatement()) {
            clear.execute("DELETE FROM replies");
        }
        try (Statement s = c.createStatement();
                PreparedStatement insert = c.prepareStatement(SocialQueries.INSERT_REPLY)) {
            s.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rs = s.executeQuery("SELECT k, feed_no, body FROM entries")) {
                while (rs.next()) {
                    Entry e = Entry.decode(rs.getBytes(3));
                    long[] counts = perFeed.computeIfAbsent(rs.getInt(2), n -> new long[2]);
                    if (Kind.POST.equals(e.kind())) {
                        counts[0]++;
                        ReplyRef ref = ReplyRef.of(e);
                        if (ref != null) {
                            SocialQueries.bindReply(insert, ref, rs.getLong(1), e);
                            insert.addBatch();
                            if (++pending == BATCH) {
                                insert.executeBatch();
                                pending = 0;
                            }
                        }
                    } else if (Kind.PROFILE.equals(e.kind())) {
                        counts[1] = Math.max(counts[1], e.seq());
                    }
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
        try (PreparedStatement up =
                c.prepareStatement("UPDATE feeds SET posts = ?, profile_seq = ? WHERE feed_no = ?")) {
            for (Map.Entry<Integer, long[]> f : perFeed.entrySet()) {
                up.setLong(1, f.getValue()[0]);
                if (f.getValue()[1] > 0) {
                    up.setLong(2, f.getValue()[1]);
                } else {
                    up.setNull(2, java.sql.Types.BIGINT);
                }
                up.setInt(3, f.getKey());
                up.addBatch();
            }
            up.executeBatch();
        }
    }
}
