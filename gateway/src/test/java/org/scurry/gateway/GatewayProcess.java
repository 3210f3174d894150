package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
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
 * {@code scurry gateway} as its own process, the way a user or a service manager starts it, for
 * tests of what the process does to its surroundings: the files it leaves, the packets it sends,
 * the lines it logs. Started either by the {@code ./scurry} launcher or by {@code java} directly
 * (the launcher sets a umask of its own; starting {@code java} directly shows what the Java code
 * does under the caller's umask), optionally under another umask and inside a network namespace.
 * The log (stdout and stderr) goes to a file. Needs the project packaged ({@code mvn verify} has
 * run the package phase before integration tests).
 */
public final class GatewayProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Path ROOT = findRoot();

    final Path data;
    final int httpPort;
    final int swarmPort;
    final int mqttPort;
    final int managementPort;
    final Path logFile;
    private final Process process;

    private GatewayProcess(
            Path data, int httpPort, int swarmPort, int mqttPort, int managementPort, Path logFile, Process process) {
        this.data = data;
        this.httpPort = httpPort;
        this.swarmPort = swarmPort;
        this.mqttPort = mqttPort;
        this.managementPort = managementPort;
        this.logFile = logFile;
        this.process = process;
    }

    /** How to start one. */
    public static final class Options {
        private final Path data;
        private boolean launcher = true;
        private String umask;
        private String netns;
        private boolean mqtt = true;
        private boolean lan;
        private final List<String> config = new ArrayList<>();
        private final Map<String, String> env = new java.util.HashMap<>();

        private Options(Path data) {
            this.data = data;
        }

        /** Runs {@code java} directly instead of the {@code ./scurry} launcher. */
        public Options directJava() {
            launcher = false;
            return this;
        }

        /** The umask the process starts with, e.g. {@code "000"}. */
        public Options umask(String mask) {
            this.umask = mask;
            return this;
        }

        /** Runs inside the network namespace {@code name} ({@code ip netns exec}). */
        public Options netns(String name) {
            this.netns = name;
            return this;
        }

        /**
         * Leaves LAN discovery on, as a user's gateway has it (docs/reach.md). Only inside a network
         * namespace ({@link #netns}): elsewhere a test's node would announce itself on the machine's
         * real network and find the nodes of other tests. Without it the gateway runs {@code --no-lan}.
         */
        public Options lan() {
            lan = true;
            return this;
        }

        public Options withoutMqtt() {
            mqtt = false;
            return this;
        }

        /** A line of the {@code --config} file, e.g. {@code scurry.http.max-connections=8}. */
        public Options config(String line) {
            config.add(line);
            return this;
        }

        /** An environment variable of the process, e.g. {@code SCURRY_STORE_PASSWORD}. */
        public Options env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Starts the gateway and waits until it says it is up; fails the test with its log if it dies. */
        public GatewayProcess start() throws Exception {
            if (lan && netns == null) {
                throw new IllegalStateException("LAN discovery only inside a network namespace");
            }
            int http = freePort();
            int swarm = freePort();
            int mqttPort = mqtt ? freePort() : 0;
            int management = freePort();
            Path parent = data.toAbsolutePath().getParent();
            Path configFile = Files.createTempFile(parent, "gateway", ".properties");
            Files.write(configFile, config, StandardCharsets.UTF_8);
            List<String> gateway = new ArrayList<>(
                    launcher
                            ? List.of(ROOT.resolve("scurry").toString())
                            : List.of(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-cp",
                                    ROOT.resolve("gateway/target/classes") + ":" + ROOT.resolve("gateway/target/lib")
                                            + "/*",
                                    "org.scurry.gateway.Scurry"));
            gateway.addAll(List.of(
                    "gateway",
                    "--config",
                    configFile.toString(),
                    "--data",
                    data.toString(),
                    "--http-port",
                    Integer.toString(http),
                    "--swarm-port",
                    Integer.toString(swarm),
                    "--mqtt-port",
                    Integer.toString(mqttPort),
                    "--management-port",
                    Integer.toString(management)));
            if (!lan) {
                gateway.add("--no-lan");
            }
            List<String> cmd = new ArrayList<>();
            if (netns != null) {
                cmd.addAll(List.of("ip", "netns", "exec", netns));
            }
            if (umask != null) {
                cmd.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
            }
            cmd.addAll(gateway);
            Path log = Files.createTempFile(parent, "gateway", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().remove(DataDir.ENV);
            pb.environment().remove("SCURRY_MASTER_KEY");
            pb.environment().putAll(env);
            GatewayProcess g = new GatewayProcess(data, http, swarm, mqttPort, management, log, pb.start());
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        assertThat(g.process.isAlive())
                                .as("the gateway died:%n%s", g.log())
                                .isTrue();
                        return g.log().contains(" is up: API ");
                    });
            return g;
        }
    }

    public static Options options(Path data) {
        return new Options(data);
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The health and metrics listener, e.g. {@code http://127.0.0.1:N}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The peer protocol's port. */
    public int swarmPort() {
        return swarmPort;
    }

    /** The embedded MQTT broker's port (0 when it is off). */
    public int mqttPort() {
        return mqttPort;
    }

    /** The API token the node wrote at its first start. */
    public String token() throws IOException {
        return Files.readString(data.resolve(DataDir.TOKEN_FILE)).trim();
    }

    /**
     * {@code method path} on this gateway's API with its token: a JSON {@code body}, or none when
     * null. The answer whatever its status; the caller asserts what it expects.
     */
    public HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + token());
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String log() throws IOException {
        return Files.readString(logFile, StandardCharsets.UTF_8);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, as Ctrl-C or a service manager sends; SIGKILL only if it hangs (and then fails). */
    public void stop() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("gateway did not stop within 30 s of SIGTERM:\n" + log());
        }
    }

    /** SIGKILL: the process gets no chance to flush or close anything (a crash, a power cut of the JVM). */
    public void kill() throws Exception {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** The repository root (where {@code ./scurry} is), from the module or the root directory. */
    static Path root() {
        return ROOT;
    }

    private static Path findRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("scurry")) ? here : here.getParent();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a command to its end (at most 60 s); returns its exit code and output together. */
    static Map.Entry<Integer, String> run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        return Map.entry(p.exitValue(), out);
    }
}
