package org.scurry.dist;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/scurry gateway} of an unpacked distribution, run as a user would from a shell: a
 * child process whose output goes to files, a client command line pointing at it, and a stop by
 * SIGTERM. The environment has no JAVA_HOME and a PATH of system directories only, so the launcher
 * can only use what it ships.
 */
final class TreeGateway implements AutoCloseable {
    /** The environment of every command: nothing from the build's JVM or Maven. */
    static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");

    private final Path home;
    private final Path data;
    private final int httpPort;
    private final Path log;
    private final Process process;

    private TreeGateway(Path home, Path data, int httpPort, Path log, Process process) {
        this.home = home;
        this.data = data;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code home/bin/scurry gateway OPTIONS...}; returns at once (see {@link #awaitServing}). */
    static TreeGateway start(Path home, Path data, int httpPort, Path logDir, String... options) {
        List<String> command =
                new ArrayList<>(List.of(home.resolve("bin/scurry").toString(), "gateway", "--no-lan"));
        command.addAll(List.of(options));
        command.addAll(List.of("--data", data.toString(), "--http-port", Integer.toString(httpPort)));
        if (!command.contains("--management-port")) {
            command.addAll(List.of("--management-port", "0")); // not the default 8474 other runs may hold
        }
        Path log = logDir.resolve("gateway.log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(ENV);
            return new TreeGateway(home, data, httpPort, log, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (at most 90 s: a loaded CI machine is slow) until {@code GET /api/status} answers 200. */
    String awaitServing() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create(api() + "/api/status"))
                .timeout(Duration.ofSeconds(5))
                .build();
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .failFast("the gateway exited: " + logText(), () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(status, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200)
                .body();
    }

    String api() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A client command of the same tree against this gateway, as its user would type it. */
    Cmd.Result scurry(String... args) {
        List<String> command = new ArrayList<>(
                List.of(home.resolve("bin/scurry").toString(), "--node", api(), "--data", data.toString()));
        command.addAll(List.of(args));
        return Cmd.run(command, ENV);
    }

    /** The program the gateway process runs: the launcher execs java, so this is the JVM's binary. */
    Path executable() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "exe"));
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then waits for the exit (at most 60 s); returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway did not stop within 60 s of SIGTERM:\n" + logText());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
