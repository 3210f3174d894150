package org.scurry.swarm.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Prepared statements of the store's one connection, prepared once and reused. Not thread-safe. */
final class SqlStatements implements AutoCloseable {
    private final Connection conn;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    SqlStatements(Connection conn) {
        this.conn = conn;
    }

    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement p = prepared.get(sql);
        if (p == null) {
            p = conn.prepareStatement(sql);
            prepared.put(sql, p);
        }
        return p;
    }

    /** Drops batched rows after a failed transaction, so the next one starts clean. */
    void clearBatches() {
        for (PreparedStatement p : prepared.values()) {
            try {
                p.clearBatch();
            } catch (SQLException ignored) {
                // the statement is unusable anyway; it will fail loudly on next use
            }
        }
    }

    @Override
    public void close() {
        for (PreparedStatement p : prepared.values()) {
            try {
                p.close();
            } catch (SQLException ignored) {
                // closing: nothing left to do with it
            }
        }
        prepared.clear();
    }
}
