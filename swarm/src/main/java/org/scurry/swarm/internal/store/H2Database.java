package org.scurry.swarm.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * One open H2 database of an {@link H2Store}: the connection (autocommit off, migrations applied),
 * its prepared statements, and whether H2 gave up on it.
 *
 * <p>When a write to the file fails (the disk is full, an I/O error), H2's MVStore <em>panics</em>:
 * it closes itself under the connection. From then on a statement may never return: with H2
 * 2.4.240, the second read after a failed {@code CHECKPOINT} spun for good inside {@code
 * MVStore.registerVersionUsage} (a loop over the closed store's retired version counter), holding
 * the store's lock and a core. So the store asks {@link #broken()} before every statement and
 * replaces a broken database by opening the file again, which holds every write that completed.
 * Not thread-safe: used under the store's lock.
 */
final class H2Database {
    final Connection conn;
    final SqlStatements sql;
    final Statement checkpoint;
    final int migrationsApplied;
    /** Opened read-only: reads only, and H2 writes nothing to the file (used while the disk is full). */
    final boolean readOnly;
    /** The engine's store, to see a panic before running a statement; null if not reachable. */
    private final MVStore mvStore;

    private H2Database(Connection conn, int migrationsApplied, boolean readOnly) throws SQLException {
        this.conn = conn;
        this.readOnly = readOnly;
        this.sql = new SqlStatements(conn);
        this.checkpoint = conn.createStatement();
        this.migrationsApplied = migrationsApplied;
        this.mvStore = engineStore(conn);
    }

    /**
     * Opens {@code dir/scurry} on H2's {@code fileSystem} ({@code file}: the disk; a test may wrap
     * it) with the given URL settings and applies pending migrations; {@code
     * readOnly} opens it for reads only ({@code ACCESS_MODE_DATA=r}: H2 then writes nothing, not even
     * in the background), which needs the schema to be current already.
     */
    static H2Database open(Path dir, String fileSystem, String settings, boolean readOnly) throws SQLException {
        String url = "jdbc:h2:" + fileSystem + ":" + dir.resolve(H2Store.FILE_NAME) + settings
                + (readOnly ? ";ACCESS_MODE_DATA=r" : "");
        Connection conn = DriverManager.getConnection(url, "sa", "");
        try {
            int applied = 0;
            if (!readOnly) {
                applied = Migrations.apply(conn);
            } else if (Migrations.currentVersion(conn) < Migrations.ALL.size()) {
                throw new SQLException("the schema is at version " + Migrations.currentVersion(conn) + ", not "
                        + Migrations.ALL.size() + ": cannot open it read-only");
            }
            conn.setAutoCommit(false);
            return new H2Database(conn, applied, readOnly);
        } catch (SQLException | RuntimeException e) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // the open failed already; that is the error to report
            }
            throw e;
        }
    }

    private static MVStore engineStore(Connection conn) {
        try {
            if (conn.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal s) {
                return s.getDatabase().getStore().getMvStore();
            }
        } catch (SQLException | RuntimeException e) {
            // not the embedded engine: broken() then relies on statements failing
        }
        return null;
    }

    /** True when H2 closed the file under us after a failed write: no statement may run on it. */
    boolean broken() {
        return mvStore != null && (mvStore.isClosed() || mvStore.getPanicException() != null);
    }

    /** What made H2 give up (the failed write), or null. */
    Throwable panic() {
        return mvStore == null ? null : mvStore.getPanicException();
    }

    /** Closes normally: H2 compacts the file briefly. Throws when the database cannot close. */
    void close() throws SQLException {
        sql.close();
        checkpoint.close();
        conn.close();
    }

    /**
     * Lets go of a broken database: closes what can be closed and ignores the errors (H2 reports the
     * failed write again). The file then holds the last write that completed.
     */
    void abandon() {
        sql.close();
        try {
            checkpoint.close();
        } catch (SQLException ignored) {
            // broken anyway
        }
        try {
            conn.close();
        } catch (SQLException ignored) {
            // H2 reports the panic again on close; the engine lets go of the file all the same
        }
    }
}
