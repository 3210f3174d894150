package org.scurry.swarm.internal.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.scurry.swarm.StoreLocation;

/**
 * One connection of a {@link PgStore} to its database: opened with the store's settings, holding
 * the database's advisory lock (one store per database: the store caches heads and numbers feeds,
 * which a second writer would make wrong), migrations applied, autocommit off. Not thread-safe:
 * used under the store's lock.
 */
final class PgDatabase {
    /**
     * The advisory lock key (an arbitrary constant: "scurry" in ASCII). Advisory locks are per
     * database, so stores on two databases of one server do not meet.
     */
    static final long LOCK_KEY = 0x7363_7572_7279L;

    /**
     * Connection properties the URL may override: a dead server is noticed within {@code
     * socketTimeout} seconds even without a reset (a partition), a connection attempt gives up after
     * 10 s, batched inserts are sent as multi-row INSERTs (several times fewer round trips), and
     * error messages leave out the values of the rows involved.
     */
    static Properties defaults() {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "120");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", "scurry");
        // Server errors without their DETAIL line, which quotes the row's values (entry bodies).
        p.setProperty("logServerErrorDetail", "false");
        return p;
    }

    final Connection conn;
    final SqlStatements sql;
    final int migrationsApplied;

    private PgDatabase(Connection conn, int migrationsApplied) {
        this.conn = conn;
        this.sql = new SqlStatements(conn);
        this.migrationsApplied = migrationsApplied;
    }

    /**
     * Connects, takes the advisory lock (throws {@link StoreException} naming the database when
     * another store holds it) and applies pending migrations. Parameters in the URL win over {@link
     * #defaults()} and over the user and password given apart (the driver's rule).
     */
    static PgDatabase open(StoreLocation location) throws SQLException {
        Properties p = defaults();
        if (!location.user().isEmpty()) {
            p.setProperty("user", location.user());
        }
        if (!location.password().isEmpty()) {
            p.setProperty("password", location.password());
        }
        Connection conn = DriverManager.getConnection(location.url(), p);
        try {
            try (PreparedStatement lock = conn.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new StoreException("the database at " + location.redactedUrl()
                                + " is in use by another Scurry store (it holds the advisory lock " + LOCK_KEY
                                + "): one node per database");
                    }
                }
            }
            int applied = Migrations.apply(conn, Migrations.PG_FOLDER, Migrations.PG_ALL, Integer.MAX_VALUE);
            conn.setAutoCommit(false);
            return new PgDatabase(conn, applied);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(conn);
            throw e;
        }
    }

    /** True when the driver knows the connection is gone (a statement failed on a dead socket). */
    boolean closed() {
        try {
            return conn.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Closes the connection (which releases the advisory lock). */
    void close() throws SQLException {
        sql.close();
        // The lock would go with the session, but the server ends a session some time after the
        // client hung up: a store opened at once on the same database could still find it held
        // (PgStoreTest did, on a busy machine). Let go of it first, then hang up.
        try (PreparedStatement unlock = conn.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, LOCK_KEY);
            unlock.execute();
            conn.commit();
        } catch (SQLException e) {
            // the connection is failing: closing it below is all that is left to do
        }
        conn.close();
    }

    /** Lets go of a connection that failed: closes what can be closed, ignores the errors. */
    void abandon() {
        sql.close();
        closeQuietly(conn);
    }

    /** The database's size on disk ({@code pg_database_size}), for status. */
    long size() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            long n = rs.getLong(1);
            conn.commit();
            return n;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failed or gone; the caller reports why
        }
    }
}
