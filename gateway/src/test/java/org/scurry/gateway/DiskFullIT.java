package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.testkit.Tmpfs;

/**
 * Issue 14, item 6, as a user meets it: {@code ./scurry gateway} runs as its own process with its
 * data directory on a small tmpfs the test mounts (root; {@link Tmpfs}), and the test talks to its
 * HTTP API. When the disk fills, a post gets 503 with the reason and {@code /api/status} says
 * {@code "ready": false} and why, while reads keep working; once space is freed the same process
 * takes posts again, and no acknowledged post is missing. Before issue 14 the store closed at the
 * first failed write and every request answered 500 until a restart.
 */
class DiskFullIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aGatewayWhoseDiskFillsAnswers503AndRecoversWithoutARestart() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("scurry")) ? here : here.getParent();
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), 24L << 20)) {
            Path data = disk.dir().resolve("node");
            int httpPort = freePort();
            int managementPort = freePort();
            Path log = dir.resolve("gateway.log");
            ProcessBuilder pb = new ProcessBuilder(
                            "./scurry",
                            "gateway",
                            "--no-lan", // outside a namespace: nothing on the real LAN
                            "--data",
                            data.toString(),
                            "--http-port",
                            Integer.toString(httpPort),
                            "--swarm-port",
                            Integer.toString(freePort()),
                            "--mqtt-port",
                            "0",
                            "--management-port",
                            Integer.toString(managementPort))
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().remove(DataDir.ENV);
            Process gateway = pb.start();
            try {
                String base = "http://127.0.0.1:" + httpPort;
                String ready = "http://127.0.0.1:" + managementPort + "/health/ready";
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            assertThat(gateway.isAlive())
                                    .as("gateway died:%n%s", read(log))
                                    .isTrue();
                            try {
                                return get(base + "/api/status").statusCode() == 200;
                            } catch (IOException e) {
                                return false;
                            }
                        });
                String token =
                        Files.readString(data.resolve(DataDir.TOKEN_FILE)).trim();
                String id = json(get(base + "/api/status")).get("id").asText();
                assertThat(json(get(base + "/api/status")).get("ready").asBoolean())
                        .isTrue();
                assertThat(get(ready).statusCode()).isEqualTo(200);

                Set<String> acknowledged = new LinkedHashSet<>();
                for (int i = 1; i <= 20; i++) {
                    HttpResponse<String> r = post(base, token, "before the disk filled " + i);
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                    acknowledged.add(json(r).get("id").asText());
                }

                // The disk fills: posts are taken while H2 finds room in its file, then refused.
                Path ballast = disk.fill();
                HttpResponse<String> refused = null;
                for (int i = 1; i <= 5000 && refused == null; i++) {
                    HttpResponse<String> r = post(base, token, "while the disk fills " + i + " " + "x".repeat(500));
                    if (r.statusCode() == 201) {
                        acknowledged.add(json(r).get("id").asText());
                    } else {
                        refused = r;
                    }
                }
                assertThat(refused)
                        .as("a post was refused once the disk was full")
                        .isNotNull();
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(json(refused).get("error").asText()).startsWith("the disk is full");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();

                HttpResponse<String> statusWhileFull = get(base + "/api/status");
                assertThat(statusWhileFull.statusCode()).isEqualTo(200);
                JsonNode s = json(statusWhileFull);
                assertThat(s.get("ready").asBoolean()).isFalse();
                assertThat(s.get("degraded").asText()).startsWith("the disk is full");
                assertThat(readWholeFeed(base, id)).containsAll(acknowledged);
                assertThat(get(base + "/api/timeline?limit=5").statusCode()).isEqualTo(200);
                assertThat(post(base, token, "still full").statusCode()).isEqualTo(503);
                HttpResponse<String> notReady = get(ready);
                assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
                assertThat(notReady.headers().firstValue("Retry-After")).isPresent();
                assertThat(json(notReady).path("checks").path("store").asText()).startsWith("the disk is full");
                assertThat(json(notReady).path("checks").path("swarm").asText()).isEqualTo("ok");
                assertThat(get("http://127.0.0.1:" + managementPort + "/health/live")
                                .statusCode())
                        .as("alive while not ready")
                        .isEqualTo(200);

                // Space comes back: the same process takes posts again.
                Files.delete(ballast);
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                json(get(base + "/api/status")).get("ready").asBoolean());
                assertThat(json(get(base + "/api/status")).get("degraded").isNull())
                        .isTrue();
                HttpResponse<String> readyAgain = get(ready);
                assertThat(readyAgain.statusCode()).as(readyAgain.body()).isEqualTo(200);
                HttpResponse<String> after = post(base, token, "after the disk was freed");
                assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
                acknowledged.add(json(after).get("id").asText());
                assertThat(readWholeFeed(base, id)).containsAll(acknowledged);
                assertThat(gateway.isAlive()).isTrue();
                assertThat(read(log)).doesNotContain("internal error").doesNotContain("failed\n\tat ");
            } finally {
                gateway.destroy();
                if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Every entry id of the feed, page by page through {@code /api/feeds/{id}}. */
    private List<String> readWholeFeed(String base, String feed) throws Exception {
        List<String> ids = new ArrayList<>();
        String before = "";
        while (true) {
            HttpResponse<String> r = get(base + "/api/feeds/" + feed + "?limit=1000" + before);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            page.get("entries").forEach(e -> ids.add(e.get("id").asText()));
            if (page.get("next").isNull()) {
                return ids;
            }
            before = "&before=" + page.get("next").asLong();
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String base, String token, String text) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("text", text).toString();
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/posts"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
