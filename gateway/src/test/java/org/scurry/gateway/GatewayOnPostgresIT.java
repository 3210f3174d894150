package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.testkit.PostgresServer;

/**
 * {@code scurry gateway} with {@code scurry.store.url} set, as its own process, on a real
 * PostgreSQL server (testkit's {@link PostgresServer}), the password in {@code
 * SCURRY_STORE_PASSWORD}: posts go to the database (no H2 file is made), the server's crash makes
 * posts answer 503 with the reason and {@code /api/status} not ready while reads of what is cached
 * go on, the same process takes posts again once the server is back, a restarted gateway finds
 * every post, and the password appears in no log line.
 */
class GatewayOnPostgresIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theGatewayKeepsItsStoreInPostgresAndRidesOutTheServersCrash() throws Exception {
        try (PostgresServer pg = PostgresServer.forTest()) {
            pg.createDatabase("gateway");
            Path data = dir.resolve("data");
            GatewayProcess.Options options = GatewayProcess.options(data)
                    .directJava()
                    .withoutMqtt()
                    .config("scurry.store.url=" + pg.url("gateway"))
                    .config("scurry.store.user=" + PostgresServer.SUPERUSER)
                    .env("SCURRY_STORE_PASSWORD", pg.password());
            List<String> posted = new ArrayList<>();
            String feed;
            String firstLog;
            try (GatewayProcess g = options.start()) {
                String token = g.token();
                assertThat(json(get(g.url() + "/api/status")).get("ready").asBoolean())
                        .isTrue();
                feed = json(get(g.url() + "/api/status")).get("id").asText();
                for (int i = 0; i < 3; i++) {
                    posted.add(postOk(g, token, "on postgres " + i));
                }

                pg.stopAbruptly();
                HttpResponse<String> refused = post(g, token, "while the database is down");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.body()).contains("cannot be reached").contains(pg.url("gateway"));
                HttpResponse<String> status = get(g.url() + "/api/status");
                assertThat(status.statusCode()).isEqualTo(200);
                assertThat(json(status).get("ready").asBoolean()).isFalse();

                pg.restart();
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                json(get(g.url() + "/api/status")).get("ready").asBoolean());
                posted.add(postOk(g, token, "after the database came back"));
                assertThat(g.alive()).isTrue();
                firstLog = g.log();
            }
            assertThat(data.resolve("store")).doesNotExist(); // nothing went to H2

            try (GatewayProcess again = options.start()) {
                assertThat(feedIds(again, feed)).containsExactlyInAnyOrderElementsOf(posted);
                assertThat(firstLog + again.log())
                        .contains("store in the database at " + pg.url("gateway"))
                        .doesNotContain(pg.password());
            }
            try (Connection c = pg.connect("gateway");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM entries")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(posted.size());
            }
        }
    }

    private List<String> feedIds(GatewayProcess g, String feed) throws Exception {
        HttpResponse<String> r = get(g.url() + "/api/feeds/" + feed + "?limit=1000");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(r).get("entries").forEach(e -> {
            if ("post".equals(e.get("kind").asText())) {
                ids.add(e.get("id").asText());
            }
        });
        return ids;
    }

    private String postOk(GatewayProcess g, String token, String text) throws Exception {
        HttpResponse<String> r = post(g, token, text);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(GatewayProcess g, String token, String text)
            throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("text", text).toString();
        return http.send(
                HttpRequest.newBuilder(URI.create(g.url() + "/api/posts"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }
}
