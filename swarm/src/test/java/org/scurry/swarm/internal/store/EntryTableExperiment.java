package org.scurry.swarm.internal.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The experiment behind V4 (docs/storage.md, "Keyed by feed and seq"): raw JDBC inserts of the
 * same entries into candidate layouts of the entries table, timing CPU per entry. Not a test. Args:
 * {@code <variant> <entries> <file from H2StoreBench gen> [H2 URL settings]}, variants {@code
 * current} (V3: arrival key + unique (feed, seq) + time + id indexes), {@code noid}, {@code packed}
 * (key feed&lt;&lt;40|seq, time + id indexes), {@code packednoid} (time index only), {@code bare}.
 */
public final class EntryTableExperiment {
    private EntryTableExperiment() {}

    public static void main(String[] a) throws Exception {
        String variant = a[0];
        int n = Integer.parseInt(a[1]);
        String file = a[2];
        String settings = a.length > 3 ? a[3] : ";COMPRESS=TRUE;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE";
        Path dir = Files.createTempDirectory("schema");
        List<byte[]> bodies = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file), 1 << 20))) {
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                bodies.add(b);
            }
        }
        Random r = new Random(1);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db") + settings, "sa", "")) {
            Statement s = c.createStatement();
            String insert;
            switch (variant) {
                case "current" -> {
                    s.execute(
                            "CREATE TABLE entries (arrival BIGINT PRIMARY KEY, feed_no INT NOT NULL, seq BIGINT NOT NULL, ts BIGINT NOT NULL, id_prefix BIGINT NOT NULL, body VARBINARY(20000) NOT NULL)");
                    s.execute("CREATE UNIQUE INDEX a ON entries (feed_no, seq)");
                    s.execute("CREATE INDEX b ON entries (feed_no, ts DESC, arrival DESC)");
                    s.execute("CREATE INDEX c ON entries (id_prefix)");
                }
                case "noid" -> {
                    s.execute(
                            "CREATE TABLE entries (arrival BIGINT PRIMARY KEY, feed_no INT NOT NULL, seq BIGINT NOT NULL, ts BIGINT NOT NULL, id_prefix BIGINT NOT NULL, body VARBINARY(20000) NOT NULL)");
                    s.execute("CREATE UNIQUE INDEX a ON entries (feed_no, seq)");
                    s.execute("CREATE INDEX b ON entries (feed_no, ts DESC, arrival DESC)");
                }
                case "packed" -> {
                    s.execute(
                            "CREATE TABLE entries (arrival BIGINT PRIMARY KEY, feed_no INT NOT NULL, seq BIGINT NOT NULL, ts BIGINT NOT NULL, id_prefix BIGINT NOT NULL, body VARBINARY(20000) NOT NULL)");
                    s.execute("CREATE INDEX b ON entries (feed_no, ts DESC, arrival DESC)");
                    s.execute("CREATE INDEX c ON entries (id_prefix)");
                }
                case "packednoid" -> {
                    s.execute(
                            "CREATE TABLE entries (arrival BIGINT PRIMARY KEY, feed_no INT NOT NULL, seq BIGINT NOT NULL, ts BIGINT NOT NULL, id_prefix BIGINT NOT NULL, body VARBINARY(20000) NOT NULL)");
                    s.execute("CREATE INDEX b ON entries (feed_no, ts DESC, arrival DESC)");
                }
                case "bare" -> {
                    s.execute(
                            "CREATE TABLE entries (arrival BIGINT PRIMARY KEY, feed_no INT NOT NULL, seq BIGINT NOT NULL, ts BIGINT NOT NULL, id_prefix BIGINT NOT NULL, body VARBINARY(20000) NOT NULL)");
                }
                default -> throw new IllegalArgumentException(variant);
            }
            c.setAutoCommit(false);
            PreparedStatement p = c.prepareStatement("INSERT INTO entries VALUES (?,?,?,?,?,?)");
            boolean packed = variant.startsWith("packed") || variant.equals("bare");
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            int warm = n / 4;
            for (int i = 0; i < n; i++) {
                if (i == warm) {
                    cpu0 = cpu();
                    t0 = System.nanoTime();
                }
                long seq = i + 1;
                p.setLong(1, packed ? (1L << 40) | seq : seq);
                p.setInt(2, 1);
                p.setLong(3, seq);
                p.setLong(4, 1_700_000_000_000L + seq);
                p.setLong(5, r.nextLong());
                p.setBytes(6, bodies.get(i));
                p.addBatch();
                if (i % 4096 == 4095) {
                    p.executeBatch();
                    c.commit();
                }
            }
            p.executeBatch();
            c.commit();
            long wall = System.nanoTime() - t0, cpu = cpu() - cpu0;
            int m = n - warm;
            s.execute("CHECKPOINT");
            System.out.printf(
                    "%-12s %,8.0f entries/s  %,8.0f per CPU-s  file %.1f MB%n",
                    variant, m / (wall / 1e9), m / (cpu / 1e9), Files.size(dir.resolve("db.mv.db")) / 1e6);
        }
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
