package org.scurry.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scurry.bench.ProcessOutput;

/**
 * A real gateway ({@code ./scurry gateway}, main class {@code org.scurry.gateway.Scurry}) in its own
 * JVM with a heap limit, started on free ports with the embedded MQTT broker and the HTTP server. Its
 * log (stderr) goes to {@code DATA_DIR/gateway.log}. Talks to it over its HTTP JSON API with the API
 * token it wrote into its data directory. Methods block and throw IllegalStateException on an
 * unexpected answer.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UP = Pattern.compile("Scurry node (\\S+) is up");

    private final Process process;
    private final Path dataDir;
    private final int httpPort;
    private final int mqttPort;
    private final String nodeId;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** An account as the API created it: its feed id and its one-time MQTT password. */
    public record Account(String name, String id, String mqttPassword) {}

    private GatewayProcess(Process process, Path dataDir, int httpPort, int mqttPort) throws IOException {
        this.process = process;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        ProcessOutput.linesInto(process, lines, "gateway-out-" + process.pid());
        String id = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (id == null && System.nanoTime() < end && process.isAlive()) {
            try {
                String line = lines.poll(1, TimeUnit.SECONDS);
                Matcher m = line == null ? null : UP.matcher(line);
                if (m != null && m.find()) {
                    id = m.group(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (id == null) {
            process.destroyForcibly();
            throw new IOException("gateway did not start (see " + dataDir.resolve("gateway.log") + ")");
        }
        this.nodeId = id;
        this.token = Files.readString(dataDir.resolve("api-token")).trim();
    }

    /**
     * Starts a gateway on {@code dataDir} with heap limit {@code xmx} (e.g. "512m"), reading {@code
     * config} (null for none) on top of the embedded defaults.
     */
    public static GatewayProcess start(Path dataDir, String xmx, Path config) throws IOException {
        Files.createDirectories(dataDir);
        int http = freePort();
        int mqtt = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + xmx);
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // For profiling, e.g. -Dscurry.bench.gatewayJvmOptions=-XX:StartFlightRecording=filename=gw.jfr
        String extra = System.getProperty("scurry.bench.gatewayJvmOptions", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.scurry.gateway.Scurry");
        cmd.add("gateway");
        cmd.add("--no-lan"); // a benchmark's gateway finds nothing on the machine's real network
        cmd.add("--data");
        cmd.add(dataDir.toString());
        cmd.add("--http-port");
        cmd.add(Integer.toString(http));
        cmd.add("--swarm-port");
        cmd.add("0");
        cmd.add("--mqtt-port");
        cmd.add(Integer.toString(mqtt));
        cmd.add("--management-port");
        cmd.add("0");
        if (config != null) {
            cmd.add("--config");
            cmd.add(config.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("SCURRY_MASTER_KEY");
        pb.redirectError(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("gateway.log").toFile()));
        return new GatewayProcess(pb.start(), dataDir, http, mqtt);
    }

    public int mqttPort() {
        return mqttPort;
    }

    public String nodeId() {
        return nodeId;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return dataDir.resolve("gateway.log");
    }

    /** True when the gateway's log mentions an OutOfMemoryError. */
    public boolean logMentionsOutOfMemory() throws IOException {
        return Files.exists(log())
                && Files.readString(log(), StandardCharsets.ISO_8859_1).contains("OutOfMemoryError");
    }

    /** Creates a hosted account (POST /api/accounts). */
    public Account createAccount(String name) {
        JsonNode a = call("POST", "/api/accounts", null, "{\"name\":\"" + name + "\"}", 201);
        return new Account(name, a.path("id").asText(), a.path("mqttPassword").asText());
    }

    /** {@code account} follows {@code feedId} (POST /api/follows as the account). */
    public void follow(String account, String feedId) {
        call("POST", "/api/follows", account, "{\"id\":\"" + feedId + "\"}", 201);
    }

    /** Links an XMPP address to an account. */
    public void linkJid(String account, String jid) {
        call("POST", "/api/accounts/" + account + "/jid", null, "{\"jid\":\"" + jid + "\"}", 200);
    }

    /** GET /api/status. */
    public JsonNode status() {
        return call("GET", "/api/status", null, null, 200);
    }

    /** The body of {@code GET path} (no token: the public feeds), or throws on a status other than 200. */
    public String getText(String path) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri(path))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode call(String method, String path, String as, String body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (as != null) {
            b.header("X-Scurry-As", as);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected && !(expected == 201 && r.statusCode() == 200)) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Stops the gateway with SIGTERM (it closes its store) and waits up to a minute. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
