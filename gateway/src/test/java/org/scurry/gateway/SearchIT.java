package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.testkit.TestFeed;

/**
 * Search on a real gateway process (docs/search.md): a store of 100,000 entries signed offline,
 * then posts with words, tags and mentions through the API; a protected post found by its owner
 * only; SIGKILL and a restart, after which the index catches up with nothing found twice.
 */
class SearchIT {
    private static final int HELD = 100_000;
    /** The index catches up on 100,000 entries at start: more than the usual 60 s on a loaded machine. */
    private static final Duration CATCH_UP = Duration.ofSeconds(180);

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayProcess gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
    }

    /** 100,000 signed posts of another feed appended straight into the node's store, one of them planted. */
    private Entry prefill(Path data) {
        try (Node node = Node.open(NodeConfig.defaults(data).withListen("127.0.0.1", 0))) {
            node.setProfile(node.id(), "Alice", "");
            TestFeed other = TestFeed.create();
            Entry planted = null;
            while (other.seq() < HELD) {
                List<Entry> batch = new ArrayList<>(other.posts(1000, 80));
                if (other.seq() == HELD / 2) {
                    planted = other.post("a lonely zeppelin drifts over the oak");
                    batch.add(planted);
                }
                assertThat(node.store().appendAll(batch)).allMatch(r -> r.appended());
            }
            return planted;
        }
    }

    @Test
    void findsWordsTagsAndMentionsAmong100kEntriesKeepsProtectedPostsToTheirOwnerAndSurvivesAKill() throws Exception {
        Path data = dir.resolve("node");
        Entry planted = prefill(data);
        gateway = GatewayProcess.options(data).directJava().withoutMqtt().start();

        await().atMost(CATCH_UP)
                .until(() -> ids(search("zeppelin", true)).contains(planted.id().toString()));
        long t0 = System.nanoTime();
        JsonNode found = search("zeppelin", false);
        System.out.printf(
                "search among %,d held entries: %.1f ms over HTTP (one query, for the record; bench/ measures)%n",
                HELD, (System.nanoTime() - t0) / 1e6);
        assertThat(ids(found)).containsExactly(planted.id().toString());

        String drizzle = post("Drizzle over the hills #Weather");
        String lunch = post("Lunch with @Bob, then more drizzle");
        await().atMost(LONG).until(() -> ids(search("drizzle", false)).size() == 2);
        assertThat(ids(search("drizzle", false))).containsExactly(lunch, drizzle);
        assertThat(ids(search("#weather", false))).containsExactly(drizzle);
        assertThat(ids(search("@bob", false))).containsExactly(lunch);
        assertThat(ids(search("@alice drizzle", false))).containsExactly(lunch, drizzle);
        assertThat(ids(search("\"over the hills\" -lunch", false))).containsExactly(drizzle);

        HttpResponse<String> bad = get("/api/search?q=" + enc("x".repeat(201)), false);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("at most 200");
        assertThat(get("/api/search?q=rain&limit=1000", false).statusCode()).isEqualTo(400);
        assertThat(get("/api/search", false).body()).contains("q is required");

        // protected: the owner finds it with the token; nobody without it; another account never
        assertThat(send("POST", "/api/protect", "{\"on\":true}").statusCode()).isEqualTo(200);
        String secret = post("secret zeppelin hangar #hidden");
        assertThat(send("POST", "/api/accounts", "{\"name\":\"dave\"}").statusCode())
                .isEqualTo(201);
        await().atMost(LONG).until(() -> ids(search("hangar", true)).contains(secret));
        assertThat(ids(search("hangar", false))).isEmpty();
        assertThat(ids(search("#hidden", false))).isEmpty();
        assertThat(ids(search("zeppelin", false))).containsExactly(planted.id().toString());
        assertThat(ids(get("/api/search?as=dave&q=hangar", true))).isEmpty();
        assertThat(search("hangar", true)
                        .path("entries")
                        .get(0)
                        .path("content")
                        .path("text")
                        .asText())
                .isEqualTo("secret zeppelin hangar #hidden");

        // SIGKILL after a post was searchable, then a post while the index catches up again
        String beforeKill = post("zebra crossing before the kill");
        await().atMost(LONG).until(() -> ids(search("zebra", true)).contains(beforeKill));
        gateway.kill();
        gateway = GatewayProcess.options(data).directJava().withoutMqtt().start();
        String afterKill = post("zebra crossing after the restart");
        await().atMost(LONG).until(() -> ids(search("zebra", true)).size() == 2);
        assertThat(ids(search("zebra", true))).containsExactly(afterKill, beforeKill);
        assertThat(ids(search("zeppelin", true)))
                .containsExactly(secret, planted.id().toString());
        assertThat(ids(search("drizzle", false))).containsExactly(lunch, drizzle);
        assertThat(gateway.log()).doesNotContain("hangar");
    }

    private String post(String text) throws Exception {
        HttpResponse<String> r = send(
                "POST", "/api/posts", JSON.createObjectNode().put("text", text).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("id").asText();
    }

    private JsonNode search(String q, boolean withToken) throws Exception {
        HttpResponse<String> r = get("/api/search?limit=100&q=" + enc(q), withToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> ids(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ids(JSON.readTree(r.body()));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("entries").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    private HttpResponse<String> get(String path, boolean withToken) throws Exception {
        if (withToken) {
            return gateway.api("GET", path, null);
        }
        return http.send(
                HttpRequest.newBuilder(URI.create(gateway.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return gateway.api(method, path, body);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
