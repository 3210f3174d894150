package org.scurry.swarm.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small migration runner. Each {@code V<n>__<name>.sql} resource under {@code migrations/} (H2)
 * or {@code pgmigrations/} (PostgreSQL) is applied once, in version order, and recorded in {@code
 * schema_version}. The lists are spelled out in {@link #ALL} and {@link #PG_ALL} because a
 * directory inside a jar cannot be listed portably; tests check that each list and its folder agree.
 *
 * <p>Each migration runs in one transaction. H2 commits DDL statements on its own, so the H2
 * scripts are written to be re-runnable ({@code IF NOT EXISTS}): a crash in the middle of one only
 * means it is run again on the next open. PostgreSQL runs DDL inside the transaction: a migration
 * is applied whole or not at all.
 */
final class Migrations {
    static final String FOLDER = "migrations/";
    static final List<String> ALL = List.of(
            "V1__entries.sql",
            "V2__follows_and_peer_clocks.sql",
            "V3__timeline_index_descending.sql",
            "V4__entries_keyed_by_feed_and_seq.sql",
            "V5__history.sql",
            "V6__arrival_order.sql",
            "V7__replies_and_profiles.sql");

    /** The PostgreSQL store's migrations ({@link PgStore}): a history of their own, from V1. */
    static final String PG_FOLDER = "pgmigrations/";

    static final List<String> PG_ALL =
            List.of("V1__schema.sql", "V2__arrival_order.sql", "V3__replies_and_profiles.sql");

    private static final Pattern NAME = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

    private Migrations() {}

    /** Applies the migrations not yet recorded; returns how many were applied. */
    static int apply(Connection c) throws SQLException {
        return apply(c, Integer.MAX_VALUE);
    }

    /** Applies the migrations not yet recorded up to version {@code upTo}: for migration tests. */
    static int apply(Connection c, int upTo) throws SQLException {
        return apply(c, FOLDER, ALL, upTo);
    }

    /** Applies the migrations of {@code folder} listed in {@code all} not yet recorded, up to {@code upTo}. */
    static int apply(Connection c, String folder, List<String> all, int upTo) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INT PRIMARY KEY, name VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
        }
        int current = currentVersion(c);
        int applied = 0;
        for (String file : all) {
            int version = versionOf(file);
            if (version > current && version <= upTo) {
                run(c, version, folder, file);
                applied++;
            }
        }
        return applied;
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static int versionOf(String file) {
        Matcher m = NAME.matcher(file);
        if (!m.matches()) {
            throw new IllegalStateException("migration file name must be V<n>__<name>.sql: " + file);
        }
        return Integer.parseInt(m.group(1));
    }

    private static void run(Connection c, int version, String folder, String file) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : statements(read(folder, file))) {
                s.execute(sql);
            }
            if (file.endsWith(SocialBackfill.MIGRATION_SUFFIX)) {
                SocialBackfill.run(c);
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, name) VALUES (?, ?)")) {
                p.setInt(1, version);
                p.setString(2, file);
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static String read(String file) {
        return read(FOLDER, file);
    }

    static String read(String folder, String file) {
        try (InputStream in = Migrations.class.getResourceAsStream(folder + file)) {
            if (in == null) {
                throw new IllegalStateException("migration missing from the classpath: " + folder + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + file, e);
        }
    }

    /** Splits a script on semicolons that end a line; drops {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
