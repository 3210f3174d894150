package org.scurry.gateway.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.gateway.GatewayProcess;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;

/**
 * Issue 16's failing case, as a new user would run it: R is a gateway that follows nobody; B and C
 * are gateways that announce no address (they cannot be dialled: nobody learns where they listen)
 * and are configured with R alone ({@code scurry.peers}). C follows B, B posts three updates: C
 * gets them through a tunnel that R relays, authenticated end to end. R stores none of B's
 * entries, and what R relayed (captured in R's test mode, {@code scurry-test.relayCapture}) holds
 * neither the post texts, nor B's key, nor the ids of B's entries that the next entries carry:
 * R saw ciphertext only.
 */
class RelayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void nodesThatCannotBeDialledExchangeUpdatesThroughARelayThatSeesOnlyCiphertext() throws Exception {
        Path capture = tmp.resolve("relayed.bin");
        try (GatewayProcess r = GatewayProcess.options(tmp.resolve("r"))
                        .withoutMqtt()
                        .env("SCURRY_JAVA_OPTS", "-Dscurry-test.relayCapture=" + capture)
                        .start();
                GatewayProcess b = behind(r, "b");
                GatewayProcess c = behind(r, "c")) {
            String rId = status(r).get("id").asText();
            String bId = status(b).get("id").asText();
            send(c, "POST", "/api/follows", "{\"id\":\"" + bId + "\"}");
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String text = "relayed post " + i + " " + UUID.randomUUID();
                texts.add(text);
                send(
                        b,
                        "POST",
                        "/api/posts",
                        JSON.createObjectNode().put("text", text).toString());
            }

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(postTexts(c, bId)).containsExactlyInAnyOrderElementsOf(texts));

            JsonNode link = peer(c, bId);
            assertThat(link).as("C's link to B, in C's peers").isNotNull();
            assertThat(link.path("relay").asText()).isEqualTo(rId);
            assertThat(peer(c, rId).has("relay")).isFalse();
            JsonNode relayed = status(r).get("relay");
            assertThat(relayed.get("relayedNodes").asInt()).isEqualTo(2);
            assertThat(relayed.get("tunnelsOpened").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(relayed.get("bytesRelayed").asLong()).isPositive();
            assertThat(status(c).get("reach").asText()).isEqualTo("relayed only");
            assertThat(status(r).get("reach").asText()).isEqualTo("direct");
            assertThat(status(c).get("observedAddresses").toString())
                    .as("C's address as R sees it")
                    .contains("\"127.0.0.1:");

            // R posted nothing and follows nobody: it holds no feed (reading B's feed on R would fetch it).
            assertThat(status(r).get("feeds").asInt()).as("feeds R holds").isZero();

            byte[] seen = Files.readAllBytes(capture);
            assertThat(seen.length).isEqualTo(relayed.get("bytesRelayed").asLong());
            assertThat(seen.length).isGreaterThan(1000);
            for (String text : texts) {
                assertThat(indexOf(seen, text.getBytes(StandardCharsets.UTF_8)))
                        .as("post text in what R relayed")
                        .isEqualTo(-1);
            }
            assertThat(indexOf(seen, FeedId.parse(bId).toBytes()))
                    .as("B's key in what R relayed")
                    .isEqualTo(-1);
            for (JsonNode e : feed(c, bId)) {
                assertThat(indexOf(seen, EntryId.parse(e.get("id").asText()).toBytes()))
                        .as("id of B's entry %s in what R relayed", e.get("seq"))
                        .isEqualTo(-1);
            }
        }
    }

    private GatewayProcess behind(GatewayProcess relay, String name) throws Exception {
        return GatewayProcess.options(tmp.resolve(name))
                .withoutMqtt()
                .config("scurry.peers=127.0.0.1:" + relay.swarmPort())
                .start();
    }

    private JsonNode status(GatewayProcess g) throws Exception {
        return JSON.readTree(get(g, "/api/status").body());
    }

    private JsonNode peer(GatewayProcess g, String id) throws Exception {
        for (JsonNode p : JSON.readTree(get(g, "/api/peers").body()).get("peers")) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        return null;
    }

    private JsonNode feed(GatewayProcess g, String id) throws Exception {
        HttpResponse<String> r = get(g, "/api/feeds/" + URLs.encode(id) + "?limit=100");
        if (r.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("entries");
    }

    private List<String> postTexts(GatewayProcess g, String id) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode e : feed(g, id)) {
            if (e.get("kind").asText().equals("post")) {
                texts.add(e.path("content").path("text").asText());
            }
        }
        return texts;
    }

    private HttpResponse<String> get(GatewayProcess g, String path) throws Exception {
        return g.api("GET", path, null);
    }

    private void send(GatewayProcess g, String method, String path, String body) throws Exception {
        HttpResponse<String> r = g.api(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
    }

    /** Where {@code needle} starts in {@code haystack}, or -1 (bytes as ISO-8859-1 characters, one each). */
    static int indexOf(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1)
                .indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }

    private static final class URLs {
        static String encode(String s) {
            return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
