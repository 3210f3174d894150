package org.scurry.routes.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.history.HistoryConfig;

/** The JSON API over real HTTP, on a real node (H2 files under a temp dir, swarm on a free port). */
class ApiRoutesTest {
    private static final String TOKEN = "s3cret-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Node node;
    private CamelContext camel;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        node = Node.open(NodeConfig.defaults(dir).withListen("127.0.0.1", 0));
        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(0);
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        camel.addService(server);
        camel.addRoutes(new ApiRoutes(node, TOKEN));
        camel.start();
        base = "http://127.0.0.1:" + server.getServer().actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        node.close();
    }

    // ---- status --------------------------------------------------------------------------------

    @Test
    void statusReportsTheNodeWithoutAToken() throws Exception {
        node.post("one", null);

        Reply r = get("/api/status");

        assertThat(r.status).isEqualTo(200);
        assertThat(r.json.get("id").asText()).isEqualTo(node.id().toString());
        assertThat(r.json.get("peers").asInt()).isZero();
        assertThat(r.json.get("feeds").asLong()).isEqualTo(1);
        assertThat(r.json.get("entries").asLong()).isEqualTo(1);
        assertThat(r.json.get("swarmAddress").asText())
                .endsWith(":" + node.swarmAddress().getPort());
        assertThat(r.json.has("wantedFeeds")).isTrue();
        assertThat(r.json.get("forkedFeeds").isArray()).isTrue();
        assertThat(r.json.has("diskBytes")).isTrue();
        assertThat(r.json.get("crypto").asText())
                .isEqualTo(node.status().crypto())
                .matches("(libsodium|BouncyCastle) .*");
        assertThat(r.json.has("history")).as("a client has no copies figure").isFalse();
        assertThat(r.json.get("ready").asBoolean()).isTrue();
        assertThat(r.json.get("degraded").isNull()).isTrue();
        assertThat(r.json.get("queuedBytes").asLong()).isZero();
        assertThat(r.json.get("unknownMessages").asLong()).isZero();
        assertThat(r.contentType).startsWith("application/json");
    }

    @Test
    void aHistoryServersStatusCountsTheCopiesOfWhatItArchives() throws Exception {
        camel.close();
        node.close();
        node = Node.open(NodeConfig.defaults(dir.resolve("server"))
                .withListen("127.0.0.1", 0)
                .withHistory(HistoryConfig.defaults().asServer(true)));
        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(0);
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        camel.addService(server);
        camel.addRoutes(new ApiRoutes(node, TOKEN));
        camel.start();
        base = "http://127.0.0.1:" + server.getServer().actualPort();

        // Alone, it archives its own feed and is its only copy: one of the three wanted.
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        get("/api/status").json.path("history").path("archived").asInt() == 1);
        JsonNode h = get("/api/status").json.get("history");
        assertThat(h.get("copiesWanted").asInt()).isEqualTo(3);
        assertThat(h.get("whole").asInt()).isEqualTo(1);
        assertThat(h.get("restoring").asInt()).isZero();
        assertThat(h.get("minCopies").asInt()).isEqualTo(1);
        assertThat(h.get("copies").get("1").asInt()).isEqualTo(1);
        assertThat(h.get("fewest").get(0).get("id").asText())
                .isEqualTo(node.id().toString());
        assertThat(h.get("fewest").get(0).get("copies").asInt()).isEqualTo(1);
    }

    // ---- posts ---------------------------------------------------------------------------------

    @Test
    void postWithTheTokenCreatesAnEntryAnd201() throws Exception {
        Reply r = send("POST", "/api/posts", "{\"text\":\"hello swarm\"}", TOKEN);

        assertThat(r.status).isEqualTo(201);
        assertThat(r.json.get("author").asText()).isEqualTo(node.id().toString());
        assertThat(r.json.get("seq").asLong()).isEqualTo(1);
        assertThat(r.json.get("prev").isNull()).isTrue();
        assertThat(r.json.get("kind").asText()).isEqualTo("post");
        assertThat(r.json.get("content").get("text").asText()).isEqualTo("hello swarm");
        assertThat(r.json.get("id").asText()).startsWith("~").hasSize(44);
        assertThat(r.json.get("timestamp").asLong()).isPositive();
        assertThat(node.feed(node.id(), Long.MAX_VALUE, 10)).hasSize(1);
    }

    @Test
    void postCanReplyToAnEntry() throws Exception {
        Entry first = node.post("first", null);

        Reply r = send("POST", "/api/posts", "{\"text\":\"re\",\"replyTo\":\"" + first.id() + "\"}", TOKEN);

        assertThat(r.status).isEqualTo(201);
        assertThat(r.json.get("content").get("replyTo").asText())
                .isEqualTo(first.id().toString());
        assertThat(r.json.get("prev").asText()).isEqualTo(first.id().toString());
    }

    @Test
    void writesWithoutATokenAre401AndChangeNothing() throws Exception {
        Reply r = send("POST", "/api/posts", "{\"text\":\"sneaky\"}", null);

        assertThat(r.status).isEqualTo(401);
        assertThat(r.error()).contains("Authorization: Bearer");
        assertThat(r.wwwAuthenticate).isEqualTo("Bearer");
        assertThat(node.holds(node.id())).isFalse();
    }

    @Test
    void writesWithAWrongTokenAre401() throws Exception {
        assertThat(send("POST", "/api/posts", "{\"text\":\"x\"}", TOKEN + "x").status)
                .isEqualTo(401);
        assertThat(send("POST", "/api/posts", "{\"text\":\"x\"}", "").status).isEqualTo(401);
        assertThat(send("POST", "/api/follows", "{\"id\":\"x\"}", "nope").status)
                .isEqualTo(401);
        assertThat(send("DELETE", "/api/follows/x", null, "nope").status).isEqualTo(401);
        assertThat(send("POST", "/api/peers", "{\"address\":\"127.0.0.1:1\"}", "nope").status)
                .isEqualTo(401);
        assertThat(node.holds(node.id())).isFalse();
    }

    @Test
    void theTokenInTheQueryStringIsNotAccepted() throws Exception {
        Reply r = send(
                "POST",
                "/api/posts?Authorization=" + URLEncoder.encode("Bearer " + TOKEN, StandardCharsets.UTF_8),
                "{\"text\":\"x\"}",
                null);

        assertThat(r.status).isEqualTo(401);
    }

    @Test
    void malformedJsonIs400() throws Exception {
        Reply r = send("POST", "/api/posts", "{\"text\": ", TOKEN);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.error()).startsWith("malformed JSON");
        assertThat(send("POST", "/api/posts", "", TOKEN).status).isEqualTo(400);
        assertThat(send("POST", "/api/posts", "[\"text\"]", TOKEN).status).isEqualTo(400);
        assertThat(send("POST", "/api/posts", "{\"text\": 3}", TOKEN).status).isEqualTo(400);
        assertThat(send("POST", "/api/follows", "{oops", TOKEN).status).isEqualTo(400);
        assertThat(send("POST", "/api/peers", "nope", TOKEN).status).isEqualTo(400);
    }

    @Test
    void emptyPostIs400() throws Exception {
        Reply r = send("POST", "/api/posts", "{\"text\":\"   \"}", TOKEN);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.error()).contains("empty");
        assertThat(send("POST", "/api/posts", "{}", TOKEN).status).isEqualTo(400);
        assertThat(node.holds(node.id())).isFalse();
    }

    @Test
    void tooLongPostIs400AndSaysTheLimit() throws Exception {
        Reply r = send("POST", "/api/posts", "{\"text\":\"" + "a".repeat(1001) + "\"}", TOKEN);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.error()).contains("1000");
        assertThat(send("POST", "/api/posts", "{\"text\":\"" + "a".repeat(1000) + "\"}", TOKEN).status)
                .isEqualTo(201);
    }

    @Test
    void malformedReplyToIs400() throws Exception {
        Reply r = send("POST", "/api/posts", "{\"text\":\"x\",\"replyTo\":\"nope\"}", TOKEN);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.error()).contains("not an entry id");
    }

    // ---- timeline ------------------------------------------------------------------------------

    @Test
    void timelinePagesNewestFirstWithACursor() throws Exception {
        node.post("one", null);
        node.post("two", null);
        node.post("three", null);

        Reply first = get("/api/timeline?limit=2");
        assertThat(texts(first)).containsExactly("three", "two");
        assertThat(first.json.get("next").isNull()).isFalse();

        Reply second = get("/api/timeline?limit=2&before="
                + URLEncoder.encode(first.json.get("next").asText(), StandardCharsets.UTF_8));
        assertThat(texts(second)).containsExactly("one");
        assertThat(second.json.get("next").isNull()).isTrue();
    }

    @Test
    void timelineIncludesFollowedFeedsWithTheirNames() throws Exception {
        FeedId bob = addFeed("bob", "from bob");
        node.follow(bob);

        Reply r = get("/api/timeline");

        JsonNode bobs = r.json.get("entries").findParents("author").stream()
                .filter(e -> e.get("author").asText().equals(bob.toString())
                        && e.get("kind").asText().equals("post"))
                .findFirst()
                .orElseThrow();
        assertThat(bobs.get("content").get("text").asText()).isEqualTo("from bob");
        assertThat(bobs.get("name").asText()).isEqualTo("bob");
    }

    @Test
    void badLimitIs400() throws Exception {
        for (String limit : List.of("0", "-1", "abc", "1001", "")) {
            Reply r = get("/api/timeline?limit=" + limit);
            assertThat(r.status).as("limit=" + limit).isEqualTo(400);
            assertThat(r.error()).contains("limit");
        }
        assertThat(get("/api/feeds/" + node.id() + "?limit=x").status).isEqualTo(400);
    }

    @Test
    void badTimelineCursorIs400() throws Exception {
        assertThat(get("/api/timeline?before=yesterday").status).isEqualTo(400);
    }

    // ---- feeds ---------------------------------------------------------------------------------

    @Test
    void feedListsAHeldFeedNewestFirstAndPagesBySeq() throws Exception {
        node.post("one", null);
        node.post("two", null);
        node.post("three", null);
        String path = "/api/feeds/" + URLEncoder.encode(node.id().toString(), StandardCharsets.UTF_8);

        Reply r = get(path + "?limit=2");
        assertThat(r.status).isEqualTo(200);
        assertThat(texts(r)).containsExactly("three", "two");
        assertThat(r.json.get("forked").asBoolean()).isFalse();
        assertThat(r.json.get("next").asLong()).isEqualTo(2);

        Reply older = get(path + "?before=2");
        assertThat(texts(older)).containsExactly("one");
        assertThat(older.json.get("next").isNull()).isTrue();
        // the sigil may also be left out, or sent unencoded
        assertThat(get("/api/feeds/" + node.id().toString().substring(1)).status)
                .isEqualTo(200);
        assertThat(get("/api/feeds/" + node.id()).status).isEqualTo(200);
    }

    @Test
    void unknownFeedIs404() throws Exception {
        FeedId stranger = FeedId.of(Ed25519Signer.generate().publicKey());

        Reply r = get("/api/feeds/" + stranger);

        assertThat(r.status).isEqualTo(404);
        assertThat(r.error()).contains(stranger.toString());
    }

    @Test
    void malformedFeedIdIs400() throws Exception {
        Reply r = get("/api/feeds/not-a-feed");

        assertThat(r.status).isEqualTo(400);
        assertThat(r.error()).contains("not a feed id");
        assertThat(get("/api/feeds/not-a-feed/fork").status).isEqualTo(400);
    }

    @Test
    void badBeforeSeqIs400() throws Exception {
        node.post("one", null);
        assertThat(get("/api/feeds/" + node.id() + "?before=zero").status).isEqualTo(400);
        assertThat(get("/api/feeds/" + node.id() + "?before=0").status).isEqualTo(400);
    }

    @Test
    void forkOfAnUnforkedFeedIs404() throws Exception {
        node.post("one", null);

        Reply r = get("/api/feeds/" + node.id() + "/fork");

        assertThat(r.status).isEqualTo(404);
        assertThat(r.error()).contains("no fork");
    }

    @Test
    void aForkedFeedIsReportedWithItsProof() throws Exception {
        org.scurry.testkit.TestFeed author = org.scurry.testkit.TestFeed.create();
        org.scurry.swarm.Entry first = author.post("one");
        org.scurry.swarm.Entry kept = author.post("two");
        org.scurry.swarm.Entry other =
                org.scurry.testkit.TestFeed.resume(author.signer(), first).post("two again");
        node.store().appendAll(java.util.List.of(first, kept, other));

        Reply feed = get("/api/feeds/" + author.id());
        assertThat(feed.status).isEqualTo(200);
        assertThat(feed.json.get("forked").asBoolean()).isTrue();
        assertThat(texts(feed)).containsExactly("two", "one");
        Reply proof = get("/api/feeds/" + author.id() + "/fork");
        assertThat(proof.status).isEqualTo(200);
        assertThat(proof.json.get("seq").asLong()).isEqualTo(2);
        assertThat(proof.json.get("kept").get("id").asText())
                .isEqualTo(kept.id().toString());
        assertThat(proof.json.get("rejected").get("id").asText())
                .isEqualTo(other.id().toString());
        assertThat(get("/api/status").json.get("forkedFeeds").toString())
                .contains(author.id().toString());
    }

    // ---- follows -------------------------------------------------------------------------------

    @Test
    void followByIdListAndUnfollow() throws Exception {
        FeedId bob = addFeed("bob", "hi");

        Reply followed = send("POST", "/api/follows", "{\"id\":\"" + bob + "\"}", TOKEN);
        assertThat(followed.status).isEqualTo(201);
        assertThat(followed.json.get("id").asText()).isEqualTo(bob.toString());
        assertThat(followed.json.get("entry").get("kind").asText()).isEqualTo("follow");
        assertThat(node.following()).containsExactly(bob);

        Reply again = send("POST", "/api/follows", "{\"id\":\"" + bob + "\"}", TOKEN);
        assertThat(again.status).isEqualTo(200);
        assertThat(again.json.get("entry").isNull()).isTrue();

        Reply list = get("/api/follows");
        assertThat(list.json.get("follows")).hasSize(1);
        assertThat(list.json.get("follows").get(0).get("id").asText()).isEqualTo(bob.toString());
        assertThat(list.json.get("follows").get(0).get("name").asText()).isEqualTo("bob");

        Reply gone = send("DELETE", "/api/follows/" + bob, null, TOKEN);
        assertThat(gone.status).isEqualTo(200);
        assertThat(gone.json.get("entry").get("kind").asText()).isEqualTo("unfollow");
        assertThat(node.following()).isEmpty();
        assertThat(get("/api/follows").json.get("follows")).isEmpty();
    }

    @Test
    void followAndUnfollowByDisplayName() throws Exception {
        FeedId carol = addFeed("carol", "hi");

        assertThat(send("POST", "/api/follows", "{\"id\":\"carol\"}", TOKEN).status)
                .isEqualTo(201);
        assertThat(node.following()).containsExactly(carol);

        assertThat(send("DELETE", "/api/follows/carol", null, TOKEN).status).isEqualTo(200);
        assertThat(node.following()).isEmpty();
    }

    @Test
    void followingAnUnknownNameIs400AndUnfollowingANonFollowIs404() throws Exception {
        FeedId stranger = FeedId.of(Ed25519Signer.generate().publicKey());

        Reply unknown = send("POST", "/api/follows", "{\"id\":\"nobody\"}", TOKEN);
        assertThat(unknown.status).isEqualTo(400);
        assertThat(unknown.error()).contains("nobody");
        assertThat(send("POST", "/api/follows", "{}", TOKEN).status).isEqualTo(400);
        assertThat(send("POST", "/api/follows", "{\"id\":\"" + node.id() + "\"}", TOKEN).status)
                .isEqualTo(400);

        Reply notFollowed = send("DELETE", "/api/follows/" + stranger, null, TOKEN);
        assertThat(notFollowed.status).isEqualTo(404);
        assertThat(notFollowed.error()).contains("not following");
    }

    // ---- peers ---------------------------------------------------------------------------------

    @Test
    void peersListIsEmptyOnALoneNode() throws Exception {
        Reply r = get("/api/peers");

        assertThat(r.status).isEqualTo(200);
        assertThat(r.json.get("peers").isArray()).isTrue();
        assertThat(r.json.get("peers")).isEmpty();
    }

    @Test
    void connectAcceptsHostPortWith202() throws Exception {
        Reply r = send("POST", "/api/peers", "{\"address\":\"127.0.0.1:1\"}", TOKEN);

        assertThat(r.status).isEqualTo(202);
        assertThat(r.json.get("address").asText()).isEqualTo("127.0.0.1:1");
    }

    @Test
    void connectRejectsABadAddress() throws Exception {
        for (String address : List.of("nohost", "host:", ":80", "host:0", "host:70000", "host:x")) {
            Reply r = send("POST", "/api/peers", "{\"address\":\"" + address + "\"}", TOKEN);
            assertThat(r.status).as(address).isEqualTo(400);
            assertThat(r.error()).contains("HOST:PORT");
        }
    }

    // ---- the HTTP surface ----------------------------------------------------------------------

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        Reply r = get("/api/posts");

        assertThat(r.status).isEqualTo(405);
        assertThat(r.error()).contains("POST");
        assertThat(r.allow).isEqualTo("POST");
        assertThat(send("DELETE", "/api/status", null, TOKEN).status).isEqualTo(405);
        assertThat(send("PUT", "/api/follows", "{}", TOKEN).status).isEqualTo(405);
        assertThat(send("POST", "/api/timeline", "{}", TOKEN).status).isEqualTo(405);
    }

    @Test
    void unknownPathIs404Json() throws Exception {
        Reply r = get("/api/nothing-here");

        assertThat(r.status).isEqualTo(404);
        assertThat(r.error()).contains("/api/nothing-here");
        assertThat(get("/api/feeds").status).isEqualTo(404);
    }

    @Test
    void requestHeadersAreNotEchoed() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/posts"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("X-Probe", "echo?")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Authorization")).isEmpty();
        assertThat(r.headers().firstValue("X-Probe")).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Appends another author's profile and one post straight into the store, as replication would. */
    private FeedId addFeed(String name, String text) {
        Ed25519Signer other = Ed25519Signer.generate();
        long now = System.currentTimeMillis();
        Entry profile = Entry.sign(other, 1, null, now, Kind.PROFILE, Contents.profile(name, null));
        Entry post = Entry.sign(other, 2, profile.id(), now + 1, Kind.POST, Contents.post(text, null, List.of()));
        assertThat(node.store().appendAll(List.of(profile, post))).allMatch(r -> r.appended());
        return profile.author();
    }

    private static List<String> texts(Reply r) {
        return r.json.get("entries").findValues("text").stream()
                .map(JsonNode::asText)
                .toList();
    }

    private Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    private Reply send(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(
                r.statusCode(),
                JSON.readTree(r.body()),
                r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("Allow").orElse(null),
                r.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    private record Reply(int status, JsonNode json, String contentType, String allow, String wwwAuthenticate) {
        String error() {
            assertThat(json.has("error")).as("error body: " + json).isTrue();
            return json.get("error").asText();
        }
    }
}
