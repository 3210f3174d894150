package org.scurry.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.routes.api.ApiRoutes;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.entry.EntryCodec;

/**
 * The account endpoints and {@code ?as=} over real HTTP, on a real node (H2 under a temp dir) and
 * the real account store, including a restart of both.
 */
class AccountsApiTest {
    private static final String TOKEN = "api-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Node node;
    private AccountStore accounts;
    private CamelContext camel;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        node = Node.open(NodeConfig.defaults(dir).withListen("127.0.0.1", 0));
        accounts = AccountStore.open(dir, null, AccountStore.Host.of(node), 1_000);
        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(0);
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        camel.addService(server);
        camel.addRoutes(new ApiRoutes(node, TOKEN, accounts));
        camel.start();
        base = "http://127.0.0.1:" + server.getServer().actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        node.close();
    }

    @Test
    void createdAccountShowsItsSecretsOnceAndIsListedWithoutThem() throws Exception {
        Reply created = send("POST", "/api/accounts", "{\"name\":\"alice\"}");

        assertThat(created.status).isEqualTo(201);
        assertThat(created.json.get("name").asText()).isEqualTo("alice");
        FeedId id = FeedId.parse(created.json.get("id").asText());
        String password = created.json.get("mqttPassword").asText();
        String token = created.json.get("timelineToken").asText();
        assertThat(accounts.checkMqttPassword("alice", password)).isTrue();
        assertThat(accounts.checkTimelineToken("alice", token)).isTrue();
        assertThat(node.localFeeds()).contains(id);
        assertThat(node.displayName(id)).contains("alice");

        Reply list = get("/api/accounts");

        assertThat(list.status).isEqualTo(200);
        assertThat(list.json.get("accounts")).hasSize(1);
        JsonNode listed = list.json.get("accounts").get(0);
        assertThat(listed.get("name").asText()).isEqualTo("alice");
        assertThat(listed.get("id").asText()).isEqualTo(id.toString());
        assertThat(listed.has("jid")).isFalse();
        assertThat(list.body).doesNotContain(password).doesNotContain(token);
        assertThat(get("/api/accounts/alice").json.get("id").asText()).isEqualTo(id.toString());
    }

    @Test
    void jidPasswordAndTokenCanBeChanged() throws Exception {
        JsonNode alice = send("POST", "/api/accounts", "{\"name\":\"alice\"}").json;

        Reply jid = send("POST", "/api/accounts/alice/jid", "{\"jid\":\"Alice@Example.org\"}");
        assertThat(jid.status).isEqualTo(200);
        assertThat(jid.json.get("jid").asText()).isEqualTo("alice@example.org");
        assertThat(get("/api/accounts").json.get("accounts").get(0).get("jid").asText())
                .isEqualTo("alice@example.org");
        assertThat(accounts.byJid("alice@example.org/phone").orElseThrow().name())
                .isEqualTo("alice");

        Reply password = send("POST", "/api/accounts/alice/password", "");
        assertThat(password.status).isEqualTo(200);
        String fresh = password.json.get("mqttPassword").asText();
        assertThat(accounts.checkMqttPassword("alice", fresh)).isTrue();
        assertThat(accounts.checkMqttPassword("alice", alice.get("mqttPassword").asText()))
                .isFalse();

        Reply token = send("POST", "/api/accounts/alice/token", "");
        assertThat(token.status).isEqualTo(200);
        String newToken = token.json.get("timelineToken").asText();
        assertThat(accounts.checkTimelineToken("alice", newToken)).isTrue();
        assertThat(accounts.checkTimelineToken(
                        "alice", alice.get("timelineToken").asText()))
                .isFalse();

        assertThat(send("POST", "/api/accounts/alice/jid", "{\"jid\":null}")
                        .json
                        .has("jid"))
                .isFalse();
    }

    @Test
    void accountErrorsAreClear() throws Exception {
        send("POST", "/api/accounts", "{\"name\":\"alice\"}");
        send("POST", "/api/accounts", "{\"name\":\"bob\"}");
        send("POST", "/api/accounts/alice/jid", "{\"jid\":\"alice@example.org\"}");

        assertError(send("POST", "/api/accounts", "{\"name\":\"alice\"}"), 409, "already exists");
        assertError(send("POST", "/api/accounts", "{\"name\":\"Alice!\"}"), 400, "a-z, 0-9, _ and -");
        assertError(send("POST", "/api/accounts", "{}"), 400, "\"name\" is required");
        assertError(send("POST", "/api/accounts", "{\"name\":\"x\"}", null), 401, "Authorization");
        assertError(send("POST", "/api/accounts/carol/password", ""), 404, "no account named carol");
        assertError(send("POST", "/api/accounts/carol/token", ""), 404, "no account named carol");
        assertError(send("POST", "/api/accounts/carol/jid", "{\"jid\":\"c@d\"}"), 404, "no account named carol");
        assertError(get("/api/accounts/carol"), 404, "no account named carol");
        assertError(getWithoutToken("/api/accounts"), 401, "reading accounts needs the header Authorization");
        assertError(getWithoutToken("/api/accounts/alice"), 401, "reading accounts needs the header Authorization");
        assertError(
                send("POST", "/api/accounts/bob/jid", "{\"jid\":\"alice@example.org\"}"),
                409,
                "linked to account alice");
        assertError(send("POST", "/api/accounts/bob/jid", "{\"jid\":\"no jid\"}"), 400, "not an XMPP address");
        assertError(send("DELETE", "/api/accounts", ""), 405, "not allowed");
        assertError(send("POST", "/api/posts?as=carol", "{\"text\":\"hi\"}"), 404, "no account named carol");
        assertError(get("/api/timeline?as=Not%20A%20Name"), 400, "not an account name");
        assertThat(accounts.list()).extracting(a -> a.name()).containsExactly("alice", "bob");
    }

    @Test
    void aPostAsAnAccountIsSignedByItsKeyAndInItsFeed() throws Exception {
        FeedId alice = FeedId.parse(send("POST", "/api/accounts", "{\"name\":\"alice\"}")
                .json
                .get("id")
                .asText());

        Reply post = send("POST", "/api/posts?as=alice", "{\"text\":\"hello from alice\"}");

        assertThat(post.status).isEqualTo(201);
        assertThat(post.json.get("author").asText()).isEqualTo(alice.toString());
        assertThat(post.json.get("name").asText()).isEqualTo("alice");
        List<Entry> feed = node.feed(alice, Long.MAX_VALUE, 10);
        Entry entry = feed.get(0);
        assertThat(entry.id().toString()).isEqualTo(post.json.get("id").asText());
        assertThat(entry.author()).isEqualTo(alice);
        assertThat(EntryCodec.verifySignature(entry))
                .as("signed by the author's key, alice's")
                .isTrue();
        assertThat(accounts.signer("alice").orElseThrow().publicKey()).isEqualTo(alice.key());
        assertThat(feed).extracting(Entry::kind).containsExactly("post", "profile");
        assertThat(node.holds(node.id())).isFalse();
    }

    @Test
    void followsTimelineAndStatusActForTheAccount() throws Exception {
        FeedId alice = FeedId.parse(send("POST", "/api/accounts", "{\"name\":\"alice\"}")
                .json
                .get("id")
                .asText());
        FeedId bob = FeedId.parse(send("POST", "/api/accounts", "{\"name\":\"bob\"}")
                .json
                .get("id")
                .asText());
        send("POST", "/api/posts?as=bob", "{\"text\":\"bob speaks\"}");
        send("POST", "/api/posts", "{\"text\":\"the node speaks\"}");

        Reply follow = sendAs("POST", "/api/follows", "{\"id\":\"bob\"}", "alice");
        assertThat(follow.status).as(follow.body).isEqualTo(201);
        assertThat(follow.json.get("id").asText()).isEqualTo(bob.toString());
        assertThat(node.following(alice)).containsExactly(bob);
        assertThat(node.following()).isEmpty();

        assertThat(get("/api/follows?as=alice")
                        .json
                        .get("follows")
                        .get(0)
                        .get("name")
                        .asText())
                .isEqualTo("bob");
        assertThat(get("/api/follows").json.get("follows")).isEmpty();
        // The account's own reads are as private as its Atom timeline: the token, or 401.
        for (String path : List.of("/api/timeline?as=alice", "/api/follows?as=alice", "/api/status?as=alice")) {
            assertError(getWithoutToken(path), 401, "acting as an account (alice) needs the header Authorization");
        }
        assertThat(getWithoutToken("/api/timeline").status).isEqualTo(200);
        String timeline = get("/api/timeline?as=alice").body;
        assertThat(timeline).contains("bob speaks").doesNotContain("the node speaks");
        assertThat(get("/api/timeline").body).contains("the node speaks").doesNotContain("bob speaks");

        JsonNode status = get("/api/status?as=alice").json;
        assertThat(status.get("id").asText()).isEqualTo(alice.toString());
        assertThat(status.get("account").asText()).isEqualTo("alice");
        assertThat(status.get("name").asText()).isEqualTo("alice");

        Reply unfollow = send("DELETE", "/api/follows/" + bob + "?as=alice", "");
        assertThat(unfollow.status).isEqualTo(200);
        assertThat(node.following(alice)).isEmpty();
        assertError(send("DELETE", "/api/follows/" + bob + "?as=alice", ""), 404, "not following");
        assertError(sendAs("POST", "/api/posts?as=bob", "{\"text\":\"x\"}", "alice"), 400, "name different accounts");
    }

    @Test
    void accountsSurviveARestartAndAreHostedAgain() throws Exception {
        FeedId alice = FeedId.parse(send("POST", "/api/accounts", "{\"name\":\"alice\"}")
                .json
                .get("id")
                .asText());
        send("POST", "/api/accounts/alice/jid", "{\"jid\":\"alice@example.org\"}");
        send("POST", "/api/posts?as=alice", "{\"text\":\"before\"}");

        stop();
        start();

        assertThat(node.localFeeds()).contains(alice);
        assertThat(accounts.byJid("alice@example.org").orElseThrow().id()).isEqualTo(alice);
        Reply after = send("POST", "/api/posts?as=alice", "{\"text\":\"after\"}");
        assertThat(after.status).isEqualTo(201);
        assertThat(after.json.get("author").asText()).isEqualTo(alice.toString());
        assertThat(after.json.get("seq").asLong()).isEqualTo(3);
        assertThat(get("/api/accounts").json.get("accounts")).hasSize(1);
        assertThat(node.wantedFeeds()).contains(alice);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private record Reply(int status, String body, JsonNode json) {
        String error() {
            return json.path("error").asText();
        }
    }

    private static void assertError(Reply r, int status, String text) {
        assertThat(r.status).as(r.body).isEqualTo(status);
        assertThat(r.error()).contains(text);
    }

    /** A read with the API token: the account endpoints and anything acting as an account need it. */
    private Reply get(String path) throws Exception {
        return call(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN)
                .GET());
    }

    private Reply getWithoutToken(String path) throws Exception {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Reply send(String method, String path, String body) throws Exception {
        return send(method, path, body, TOKEN);
    }

    private Reply sendAs(String method, String path, String body, String account) throws Exception {
        return call(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Scurry-As", account)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private Reply send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return call(b);
    }

    private Reply call(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), JSON.readTree(r.body()));
    }
}
