package org.scurry.swarm.internal.store;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells a failure that PostgreSQL will get over (the server is gone, restarting, out of disk,
 * read-only) from a bad statement, by SQLSTATE, and says it in words fit for a user and an operator.
 * The first kind makes {@link PgStore} degraded (writes refused, retried every second); the second
 * is an ordinary error of the one call.
 */
final class PgFailure {
    /** What the store does about a failure. */
    enum Kind {
        /** The connection is gone or unusable: drop it and connect again. */
        CONNECTION,
        /** The server is up but refuses writes now (disk full, read-only, out of resources). */
        REFUSED,
        /** Anything else: this call failed, the store goes on. */
        OTHER
    }

    private PgFailure() {}

    /**
     * {@code failure} fit to keep as a cause and to log: a {@link java.sql.BatchUpdateException} of
     * the driver spells out the batch's statement with its parameters (entry bodies, protected ones
     * too), so it is replaced by the server's error it carries ({@code getNextException}), or by a
     * plain exception with its SQLSTATE.
     */
    static Throwable unwrap(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof java.sql.BatchUpdateException b) {
                SQLException next = b.getNextException();
                return next != null && !(next instanceof java.sql.BatchUpdateException)
                        ? next
                        : new SQLException("a batched statement failed", b.getSQLState());
            }
        }
        return failure;
    }

    /** The first SQLSTATE in the cause chain of {@code failure}, or null. */
    static String sqlState(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
        }
        return null;
    }

    /**
     * By SQLSTATE class: 08 connection exception, 57P0x the server shut down or is starting (admin
     * shutdown, crash shutdown, cannot connect now) → CONNECTION; 53 insufficient resources (53100
     * disk full), 25006 read-only transaction, 58 system error (an I/O error in the server) →
     * REFUSED. A failure with no SQLSTATE that came from a closed connection counts as CONNECTION.
     */
    static Kind kind(Throwable failure, boolean connectionClosed) {
        String state = sqlState(failure);
        if (state == null) {
            return connectionClosed ? Kind.CONNECTION : Kind.OTHER;
        }
        if (state.startsWith("08") || state.startsWith("57P")) {
            return Kind.CONNECTION;
        }
        if (state.startsWith("53") || state.equals("25006") || state.startsWith("58")) {
            return Kind.REFUSED;
        }
        return connectionClosed ? Kind.CONNECTION : Kind.OTHER;
    }

    /** Why the store at {@code where} (a redacted URL) does not take writes, from {@code failure}. */
    static String reason(Throwable failure, String where) {
        failure = unwrap(failure);
        String state = sqlState(failure);
        String detail = firstLine(message(failure));
        if (state == null) {
            return "the database at " + where + " failed: " + detail;
        }
        if (state.equals("53100")) {
            return "the database's disk is full (" + where + "): " + detail;
        }
        if (state.startsWith("53")) {
            return "the database at " + where + " is out of resources: " + detail;
        }
        if (state.equals("25006")) {
            return "the database at " + where + " is read-only: " + detail;
        }
        if (state.startsWith("57P")) {
            return "the database at " + where + " is shutting down or starting: " + detail;
        }
        if (state.startsWith("08")) {
            return "the database at " + where + " cannot be reached: " + detail;
        }
        return "the database at " + where + " failed to write: " + detail;
    }

    /** The message of {@code failure} without a batch's parameters ({@link #unwrap}). */
    static String message(Throwable failure) {
        failure = unwrap(failure);
        String last = null;
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                last = t.getMessage();
            }
        }
        return last == null ? String.valueOf(failure) : last;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
