package org.scurry.routes.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bridges.component.ScurryEndpoint;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.routes.api.ApiRoutes;
import org.scurry.routes.mqtt.InMemoryMqttAccounts;
import org.scurry.routes.mqtt.MqttEndpoints;
import org.scurry.routes.mqtt.MqttRoutes;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * The one road from the routes to the node and back, on a real node (H2 files under a temp dir) and
 * a Camel context with the API and MQTT routes (MQTT on the embedded broker's in-process endpoints):
 * writes go in through the {@code scurry:} producers, entries come out of a {@code scurry:entries}
 * consumer that resumes where it stopped when the routes start again.
 */
class RoadToTheNodeTest {
    private static final String TOKEN = "road-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Node node;
    private FeedId ann;
    private CamelContext camel;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();
    /** What the MQTT routes published: topic and entry JSON. */
    private final List<String[]> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        node = Node.open(NodeConfig.defaults(dir).withListen("127.0.0.1", 0));
        Ed25519Signer key = Ed25519Signer.generate();
        node.host(key);
        ann = FeedId.of(key.publicKey());
        startRoutes();
    }

    @AfterEach
    void close() throws Exception {
        if (camel != null) {
            camel.close();
        }
        node.close();
    }

    private void startRoutes() throws Exception {
        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(0);
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        camel.addService(server);
        camel.addRoutes(new ApiRoutes(node, TOKEN));
        MqttEndpoints mqtt = MqttEndpoints.embedded();
        camel.addRoutes(new MqttRoutes(
                node,
                new InMemoryMqttAccounts(node).add("ann", ann, "pw"),
                mqtt,
                new MqttTopics("scurry"),
                Duration.ofMinutes(10)));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(mqtt.outbound())
                        .process(e -> published.add(new String[] {
                            e.getMessage().getHeader(MqttEndpoints.OVERRIDE_TOPIC, String.class),
                            e.getMessage().getBody(String.class)
                        }));
            }
        });
        camel.start();
        base = "http://127.0.0.1:" + server.getServer().actualPort();
    }

    /** The ids of the entries published on {@code scurry/feed/...}, in order. */
    private List<String> publishedFeedEntries() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String[] p : published) {
            if (p[0].startsWith("scurry/feed/")) {
                ids.add(JSON.readTree(p[1]).get("id").asText());
            }
        }
        return ids;
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void mqttPost(String account, String text) {
        camel.createProducerTemplate()
                .sendBodyAndHeader(
                        MqttEndpoints.embedded().inbound(),
                        text.getBytes(StandardCharsets.UTF_8),
                        MqttEndpoints.TOPIC,
                        "scurry/post/" + account);
    }

    @Test
    void writesFromTheApiAndMqttGoThroughTheScurryProducersAndComeOutOfTheConsumer() throws Exception {
        HttpResponse<String> posted = api("POST", "/api/posts", "{\"text\": \"over HTTP\"}");
        assertThat(posted.statusCode()).isEqualTo(201);
        String viaApi = JSON.readTree(posted.body()).get("id").asText();
        mqttPost("ann", "over MQTT");
        await().atMost(LONG).until(() -> node.holds(ann));
        HttpResponse<String> followed = api("POST", "/api/follows", "{\"id\": \"" + ann + "\"}");
        assertThat(followed.statusCode()).isEqualTo(201);
        String follow = JSON.readTree(followed.body()).get("entry").get("id").asText();

        await().atMost(LONG).until(() -> publishedFeedEntries().size() >= 3);
        List<Entry> anns = node.feed(ann, Long.MAX_VALUE, 10);
        assertThat(anns).extracting(Entry::kind).containsExactly("post");
        assertThat(publishedFeedEntries())
                .containsExactly(viaApi, anns.get(0).id().toString(), follow);
        assertThat(node.following()).containsExactly(ann);
        // The routes wrote through the component's producer endpoints, bound to this node.
        for (String op : List.of("post", "follow", "unfollow")) {
            assertThat(camel.hasEndpoint("scurry://" + op))
                    .isInstanceOfSatisfying(
                            ScurryEndpoint.class, e -> assertThat(e.getNode()).isSameAs(node));
        }
    }

    @Test
    void theNodesErrorsReachTheCallerThroughTheProducersUnchanged() throws Exception {
        HttpResponse<String> tooLong = api("POST", "/api/posts", "{\"text\": \"" + "x".repeat(1001) + "\"}");
        HttpResponse<String> unknown = api("POST", "/api/follows", "{\"id\": \"nobody-by-that-name\"}");
        HttpResponse<String> notFollowed = api("DELETE", "/api/follows/" + ann, "");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("error").asText())
                .isEqualTo("post text must be at most 1000 characters: 1001");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("nobody-by-that-name");
        assertThat(notFollowed.statusCode()).isEqualTo(404);
        mqttPost("ann", "");
        await().atMost(LONG).until(() -> published.stream().anyMatch(p -> p[0].equals("scurry/error/ann")));
        assertThat(node.holds(ann)).isFalse();
    }

    @Test
    void afterARestartOfTheRoutesTheConsumerPublishesWhatWasStoredMeanwhileAndNothingTwice() throws Exception {
        String first = JSON.readTree(
                        api("POST", "/api/posts", "{\"text\": \"first\"}").body())
                .get("id")
                .asText();
        await().atMost(LONG).until(() -> publishedFeedEntries().contains(first));
        camel.close();
        camel = null;
        published.clear();

        // Stored while the routes are down: what a replicated entry would be.
        List<String> meanwhile = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            meanwhile.add(
                    node.post("while the routes were down " + i, null).id().toString());
        }
        startRoutes();
        String after = JSON.readTree(
                        api("POST", "/api/posts", "{\"text\": \"after\"}").body())
                .get("id")
                .asText();

        List<String> expected = new ArrayList<>(meanwhile);
        expected.add(after);
        await().atMost(LONG).until(() -> publishedFeedEntries().size() >= 6);
        assertThat(publishedFeedEntries()).containsExactlyElementsOf(expected);
    }
}
