package org.scurry.bench.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.scurry.bench.ProcInfo;

/**
 * A bare MQTT broker in a process of its own, with anonymous logins and nothing behind it: the
 * brokers the gateway could embed (Moquette 0.17 as the gateway configures it, {@link RawBroker};
 * HiveMQ CE embedded, in its own JVM from {@code bench/hivemq}) and Mosquitto (Debian's, the
 * reference). The process is this broker's alone, so its CPU time in /proc is the broker's (the
 * JVM's JIT and GC included, as the gateway would pay them).
 */
final class BareBroker implements AutoCloseable {
    enum Kind {
        MOSQUITTO("mosquitto", "Mosquitto"),
        MOQUETTE("moquette", "Moquette 0.17"),
        HIVEMQ("hivemq", "HiveMQ CE 2025.5");

        final String key;
        final String label;

        Kind(String key, String label) {
            this.key = key;
            this.label = label;
        }

        boolean embedded() {
            return this != MOSQUITTO;
        }
    }

    /**
     * Where Maven builds HiveMQ's runner and its class path (its own module, its own Netty):
     * {@code -Dscurry.bench.hivemqBuild=DIR}, else {@code bench/hivemq/target} from the repository
     * root (bench/run.sh) or {@code hivemq/target} from the bench module (its tests).
     */
    static Path hivemqBuild() {
        String given = System.getProperty("scurry.bench.hivemqBuild");
        if (given != null) {
            return Path.of(given);
        }
        Path fromRoot = Path.of("bench", "hivemq", "target");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("hivemq", "target");
    }

    private final Kind kind;
    private final Process process;
    private final int port;
    private final double spawnToAcceptMs;
    private final double startMs;
    private final BufferedReader answers;
    private final Writer commands;

    private BareBroker(
            Kind kind,
            Process process,
            int port,
            double spawnToAcceptMs,
            double startMs,
            BufferedReader answers,
            Writer commands) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.spawnToAcceptMs = spawnToAcceptMs;
        this.startMs = startMs;
        this.answers = answers;
        this.commands = commands;
    }

    /**
     * Starts a broker of {@code kind} keeping whatever it writes in {@code dir} (a JVM broker gets
     * heap limit {@code xmx}); blocks until it accepts connections. Throws when it cannot start,
     * saying why (the log is {@code dir/broker.log}).
     */
    static BareBroker start(Kind kind, Path dir, String xmx) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve("broker.log");
        List<String> cmd = new ArrayList<>();
        int port = 0;
        switch (kind) {
            case MOSQUITTO -> {
                port = GatewayProcess.freePort();
                Path conf = dir.resolve("mosquitto.conf");
                // Defaults but for: loopback, anonymous, no persistence file, no Nagle (Moquette and
                // HiveMQ flush every packet), a queue above the load's window (the default 1,000 is
                // its size: a full window would drop a QoS 1 message), and staying root (this
                // process's files are root's; it listens on loopback only).
                Files.writeString(
                        conf,
                        String.join(
                                "\n",
                                "listener " + port + " 127.0.0.1",
                                "allow_anonymous true",
                                "persistence false",
                                "set_tcp_nodelay true",
                                "max_queued_messages 10000",
                                "user root",
                                "log_dest stderr",
                                "log_type error",
                                "log_type warning",
                                ""));
                cmd.add(mosquitto());
                cmd.add("-c");
                cmd.add(conf.toString());
            }
            case MOQUETTE -> {
                cmd.addAll(java(xmx));
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(RawBroker.class.getName());
                cmd.add(dir.toString());
            }
            case HIVEMQ -> {
                Path build = hivemqBuild();
                Path classes = build.resolve("classes");
                Path lib = build.resolve("lib");
                if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
                    throw new IOException("HiveMQ's runner is not built in " + build.toAbsolutePath()
                            + " (bench/run.sh builds it: mvn -pl bench/hivemq package)");
                }
                cmd.addAll(java(xmx));
                cmd.add("-cp");
                cmd.add(classes + java.io.File.pathSeparator + lib + "/*");
                cmd.add("org.scurry.bench.hivemq.RawHiveMq");
                cmd.add(dir.toString());
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long spawned = System.nanoTime();
        Process p = pb.start();
        BufferedReader answers = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer commands = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        double startMs = Double.NaN;
        try {
            if (kind.embedded()) {
                String line = answers.readLine();
                if (line == null || !line.startsWith("ready ")) {
                    throw new IOException(kind.label + " did not start (see " + log + "): " + line);
                }
                String[] f = line.split(" ");
                port = Integer.parseInt(f[1]);
                startMs = Double.parseDouble(f[2]);
            }
            awaitAccepting(kind, p, port, log);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        double spawnToAcceptMs = (System.nanoTime() - spawned) / 1e6;
        return new BareBroker(kind, p, port, spawnToAcceptMs, startMs, answers, commands);
    }

    private static List<String> java(String xmx) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx,
                "-XX:+ExitOnOutOfMemoryError");
    }

    private static String mosquitto() throws IOException {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, "mosquitto");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IOException("mosquitto is not installed (Debian package mosquitto; bench/run.sh installs it)");
    }

    /** Polls a TCP connect every 2 ms for up to 30 s: the moment a device could connect. */
    private static void awaitAccepting(Kind kind, Process p, int port, Path log) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    throw new IOException(
                            kind.label + " does not accept connections on port " + port + " (see " + log + ")");
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    Kind kind() {
        return kind;
    }

    int port() {
        return port;
    }

    /** From spawning the process to a TCP connect that succeeds (JVM start included). */
    double spawnToAcceptMs() {
        return spawnToAcceptMs;
    }

    /** For a JVM broker, its start call until it listens, in ms; NaN for Mosquitto. */
    double startMs() {
        return startMs;
    }

    /** The broker process's CPU time so far (user + system, all threads). */
    OptionalLong cpuNanos() {
        return ProcInfo.cpuNanos(process.pid());
    }

    /** A JVM broker's heap in use after a full GC; empty for Mosquitto. */
    OptionalLong heapBytes() throws IOException {
        if (!kind.embedded()) {
            return OptionalLong.empty();
        }
        commands.write("heap\n");
        commands.flush();
        String line = answers.readLine();
        if (line == null || !line.startsWith("heap ")) {
            throw new IOException(kind.label + " did not answer with its heap: " + line);
        }
        return OptionalLong.of(Long.parseLong(line.substring(5).trim()));
    }

    /** Resident memory of the broker process. */
    OptionalLong rssBytes() {
        return ProcInfo.rssBytes(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            commands.close(); // a JVM broker stops when its stdin closes
        } catch (IOException e) {
            // it is going anyway
        }
        if (!process.waitFor(kind.embedded() ? 30 : 0, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
