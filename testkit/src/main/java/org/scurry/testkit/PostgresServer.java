package org.scurry.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.scurry.swarm.StoreLocation;

/**
 * A real PostgreSQL server for tests and benchmarks, run from the Debian package's binaries
 * ({@code /usr/lib/postgresql/N/bin}, or {@code $SCURRY_PG_BIN}) as a local process: a fresh
 * cluster in a temp directory, listening on 127.0.0.1 only, on a free port, its unix socket in that
 * directory, a superuser {@code scurry} whose random password is needed over TCP (scram-sha-256).
 * PostgreSQL refuses to run as root, so under root (CI) it runs as the {@code postgres} system user
 * ({@code runuser}), which owns the temp directory. {@link #close()} stops it and deletes the
 * directory; a shutdown hook stops it if the JVM exits first.
 *
 * <p>{@link #forTest} aborts the test where the binaries are missing, except under {@code
 * CI=true}, where that is a failure ({@code .ci/run} installs {@code postgresql}).
 */
public final class PostgresServer implements AutoCloseable {
    public static final String SUPERUSER = "scurry";
    private static final String BIN_ENV = "SCURRY_PG_BIN";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final String password;
    private final boolean durable;
    private final Thread hook;
    private boolean running;

    private PostgresServer(Path dir, Path bin, int port, String password, boolean durable) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.password = password;
        this.durable = durable;
        this.hook = new Thread(this::stopQuietly, "stop-postgres-" + port);
    }

    /**
     * Starts a server for a test: aborts the test when PostgreSQL is not installed, fails it under
     * {@code CI=true}. {@code fsync} off: tests need no power-cut durability and run faster; a
     * commit still reaches the operating system before it returns ({@code synchronous_commit} stays
     * on), so it survives the server's crash ({@link #stopAbruptly}).
     */
    public static PostgresServer forTest() {
        Path bin = findBin();
        if (bin == null) {
            String why = "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin nor $" + BIN_ENV
                    + "): apt-get install postgresql";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + "; under CI=true the PostgreSQL store tests must run");
            }
            Assumptions.abort(why);
        }
        return start(bin, false);
    }

    /**
     * Starts a server for a benchmark: durable ({@code fsync} on, as a production server) when
     * {@code durable}. Throws IllegalStateException when PostgreSQL is not installed.
     */
    public static PostgresServer start(boolean durable) {
        Path bin = findBin();
        if (bin == null) {
            throw new IllegalStateException(
                    "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin nor $" + BIN_ENV + ")");
        }
        return start(bin, durable);
    }

    private static PostgresServer start(Path bin, boolean durable) {
        try {
            Path dir = Files.createTempDirectory("scurry-pg-");
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            PostgresServer server = new PostgresServer(dir, bin, freePort(), password, durable);
            try {
                server.init();
                server.startProcess();
                Runtime.getRuntime().addShutdownHook(server.hook);
                return server;
            } catch (IOException | RuntimeException e) {
                server.stopQuietly();
                deleteTree(dir);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The newest installed PostgreSQL's bin directory, or null. */
    static Path findBin() {
        String env = System.getenv(BIN_ENV);
        if (env != null && !env.isBlank()) {
            return Files.isExecutable(Path.of(env, "initdb")) ? Path.of(env) : null;
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void init() throws IOException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        handOver(dir);
        handOver(pwfile);
        run(
                bin.resolve("initdb").toString(),
                "-D",
                dataDir().toString(),
                "-U",
                SUPERUSER,
                "--pwfile=" + pwfile,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync");
        Files.delete(pwfile);
    }

    private void startProcess() {
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c max_connections=100"
                + (durable ? "" : " -c fsync=off -c full_page_writes=off");
        run(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dataDir().toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-o",
                options,
                "-w",
                "-t",
                "120",
                "start");
        running = true;
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** A JDBC URL of database {@code name}, without credentials. */
    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** The superuser's password (random per server). */
    public String password() {
        return password;
    }

    /** Creates database {@code name} and returns where a store finds it (user and password apart). */
    public StoreLocation createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be [a-z][a-z0-9_]*: " + name);
        }
        execute("postgres", "CREATE DATABASE " + name);
        return location(name);
    }

    /** Where a store finds database {@code name}, as the superuser. */
    public StoreLocation location(String name) {
        return StoreLocation.postgres(url(name), SUPERUSER, password);
    }

    /** Runs one statement in database {@code db} as the superuser. */
    public void execute(String db, String sql) {
        try (Connection c = connect(db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** A connection to database {@code db} as the superuser. */
    public Connection connect(String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", SUPERUSER);
        p.setProperty("password", password);
        return DriverManager.getConnection(url(db), p);
    }

    /**
     * Stops the server the way a crash or an operator's emergency stop does ({@code pg_ctl stop -m
     * immediate}: every connection is cut, no checkpoint); {@link #restart} brings it back on the
     * same port with the same data.
     */
    public void stopAbruptly() {
        run(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "immediate", "-w", "stop");
        running = false;
    }

    /** Starts the server again after {@link #stopAbruptly}. */
    public void restart() {
        startProcess();
    }

    /** The server's log (for a failing test's message). */
    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        deleteTree(dir);
    }

    private synchronized void stopQuietly() {
        if (!running) {
            return;
        }
        try {
            run(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast", "-w", "stop");
        } catch (RuntimeException e) {
            // nothing more to do; the directory goes with close()
        }
        running = false;
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    // ---- processes ----

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Under root, the postgres user owns what the server reads and writes. */
    private static void handOver(Path path) throws IOException {
        if (root()) {
            UserPrincipal postgres =
                    path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(path, postgres);
        }
    }

    /** Runs a PostgreSQL program (as postgres under root); throws with its output when it fails. */
    private void run(String... command) {
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        try {
            // In the server's directory: the postgres user may not enter the JVM's working directory.
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
