package org.scurry.gateway.mqtt;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto 2.0 broker run by a test as a local process, from a config generated in a temp
 * folder: {@code listener PORT 127.0.0.1}, a {@code password_file} made with {@code mosquitto_passwd
 * -b}, an {@code acl_file} with the lines given, and {@code persistence true} under the folder. The
 * port stays the same across {@link #stop()}/{@link #kill()} and {@link #start()}, so a restart looks
 * like the same broker coming back. Its log is {@code DIR/mosquitto.log}.
 *
 * <p>The same pattern serves other real servers (Prosody): find the binary or fail on CI ({@link
 * #requireBinary}), write the config, start, wait for the port, stop by process handle.
 */
public final class MosquittoProcess implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));

    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The mosquitto binary; aborts the test when missing, or fails it when {@code CI=true}. */
    public static Path requireBinary() {
        return require(BINARIES.stream().filter(Files::isExecutable).findFirst(), "mosquitto");
    }

    /** {@code mosquitto_pub}; aborts the test when missing, or fails it when {@code CI=true}. */
    public static Path requirePubBinary() {
        return require(pubBinary(), "mosquitto_pub");
    }

    private static Path require(Optional<Path> bin, String what) {
        if (bin.isEmpty()) {
            String why = what + " not installed (apt-get install -y mosquitto mosquitto-clients; .ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + ": on CI the real-broker tests must run");
            }
            Assumptions.abort(why);
        }
        return bin.get();
    }

    /** {@code mosquitto_pub} when installed (mosquitto-clients). */
    public static Optional<Path> pubBinary() {
        Path p = Path.of("/usr/bin/mosquitto_pub");
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Writes the config, users and ACL into {@code dir} and starts the broker on a free port.
     *
     * @param users alternating user names and passwords
     * @param acl the ACL file's lines
     */
    public static MosquittoProcess start(Path dir, List<String> users, List<String> acl) {
        requireBinary();
        try {
            Path passwords = dir.resolve("passwords");
            Files.writeString(passwords, "");
            for (int i = 0; i < users.size(); i += 2) {
                run("mosquitto_passwd", "-b", passwords.toString(), users.get(i), users.get(i + 1));
            }
            Files.write(dir.resolve("acl"), acl, StandardCharsets.UTF_8);
            int port = freePort();
            Files.writeString(
                    dir.resolve("mosquitto.conf"),
                    String.join(
                            "\n",
                            "listener " + port + " 127.0.0.1",
                            "allow_anonymous false",
                            "password_file " + passwords,
                            "acl_file " + dir.resolve("acl"),
                            "persistence true",
                            "persistence_location " + dir + "/",
                            "user " + System.getProperty("user.name"),
                            ""));
            MosquittoProcess m = new MosquittoProcess(dir, port);
            m.start();
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker from the {@code mosquitto.conf} already in {@code dir} (with its password and
     * ACL files) and waits until {@code port}, one of its listeners, accepts connections.
     */
    static MosquittoProcess startConfigured(Path dir, int port) {
        requireBinary();
        MosquittoProcess m = new MosquittoProcess(dir, port);
        m.start();
        return m;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the process (again) and waits until it accepts connections. */
    public synchronized void start() {
        try {
            process = new ProcessBuilder(
                            requireBinary().toString(),
                            "-c",
                            dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("mosquitto.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p = process;
        Awaitility.await("mosquitto listening on " + port)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!p.isAlive()) {
                        fail("mosquitto exited with " + p.exitValue() + ", see " + dir.resolve("mosquitto.log"));
                    }
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** SIGTERM: Mosquitto saves its persistent sessions and exits. */
    public synchronized void stop() {
        end(false);
    }

    /** SIGKILL: what a crash looks like; sessions since the last save are lost. */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean force) {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs a command, fails the test with its output when it exits non-zero. */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
