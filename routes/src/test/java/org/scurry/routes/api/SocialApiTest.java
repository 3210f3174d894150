package org.scurry.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.routes.api.ApiTestServer.Reply;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;

/**
 * Profiles, entries and threads in the API over real HTTP on a real node (docs/entry-format.md):
 * a profile set, merged, refused when it breaks a rule, read with counts; one entry by id; a
 * thread in tree order with depths.
 */
class SocialApiTest {
    private static final String TOKEN = "s3cret-token-for-social-tests";

    @TempDir
    Path dir;

    private Node node;
    private ApiTestServer api;

    @BeforeEach
    void start() throws Exception {
        node = Node.open(NodeConfig.defaults(dir).withListen("127.0.0.1", 0));
        api = ApiTestServer.start(new ApiRoutes(node, TOKEN));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        node.close();
    }

    @Test
    void aProfileIsSetFieldByFieldReadWithCountsAndRefusedWhenItBreaksARule() throws Exception {
        Reply empty = send("GET", "/api/profiles/" + node.id(), null, null);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().has("name")).isFalse();
        assertThat(empty.json().get("counts").get("posts").asLong()).isZero();

        assertThat(send("POST", "/api/profile", "{\"name\":\"Ada\"}", null).status())
                .isEqualTo(401);
        Reply set = send(
                "POST",
                "/api/profile",
                "{\"name\":\"Ada\",\"bio\":\"counts\",\"link\":\"https://example.org/ada\"}",
                TOKEN);
        assertThat(set.status()).isEqualTo(201);
        assertThat(set.json().get("entry").get("kind").asText()).isEqualTo("profile");
        assertThat(set.json().get("profile").get("link").asText()).isEqualTo("https://example.org/ada");

        assertThat(send("POST", "/api/profile", "{\"link\":\"javascript:alert(1)\"}", TOKEN)
                        .error())
                .contains("http:// or https://");
        assertThat(send("POST", "/api/profile", "{\"name\":\"" + "n".repeat(65) + "\"}", TOKEN)
                        .error())
                .contains("at most 64");
        assertThat(send("POST", "/api/profile", "{\"avatar\":\"x\"}", TOKEN).error())
                .contains("avatar");
        assertThat(send("POST", "/api/profile", "{}", TOKEN).error()).contains("at least one");
        assertThat(send("POST", "/api/profile", "{\"bio\":7}", TOKEN).error()).contains("string");

        send("POST", "/api/profile", "{\"bio\":\"counts things\"}", TOKEN);
        send("POST", "/api/posts", "{\"text\":\"one\"}", TOKEN);
        send("POST", "/api/posts", "{\"text\":\"two\"}", TOKEN);
        Reply read = send("GET", "/api/profiles/Ada", null, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("id").asText()).isEqualTo(node.id().toString());
        assertThat(read.json().get("name").asText()).isEqualTo("Ada");
        assertThat(read.json().get("bio").asText()).isEqualTo("counts things");
        assertThat(read.json().get("link").asText()).isEqualTo("https://example.org/ada");
        assertThat(read.json().get("counts").get("posts").asLong()).isEqualTo(2);
        assertThat(read.json().get("counts").get("entries").asLong()).isEqualTo(4);
        assertThat(send("GET", "/api/profiles/Nobody", null, null).status()).isEqualTo(400);
    }

    @Test
    void anEntryIsReadByIdAndItsThreadInTreeOrder() throws Exception {
        Reply root = send("POST", "/api/posts", "{\"text\":\"root\"}", TOKEN);
        String rootId = root.json().get("id").asText();
        Reply reply = send("POST", "/api/posts", "{\"text\":\"answer\",\"replyTo\":\"" + rootId + "\"}", TOKEN);
        String replyId = reply.json().get("id").asText();
        assertThat(reply.json().get("content").get("replyAuthor").asText())
                .isEqualTo(node.id().toString());
        assertThat(reply.json().get("content").get("replySeq").asLong()).isEqualTo(1);
        Reply deeper = send("POST", "/api/posts", "{\"text\":\"deeper\",\"replyTo\":\"" + replyId + "\"}", TOKEN);
        send("POST", "/api/posts", "{\"text\":\"second answer\",\"replyTo\":\"" + rootId + "\"}", TOKEN);

        Reply one = send("GET", "/api/entries/" + replyId, null, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("content").get("text").asText()).isEqualTo("answer");
        assertThat(send("GET", "/api/entries/nope", null, null).status()).isEqualTo(400);
        String absent = "~" + "A".repeat(43);
        assertThat(send("GET", "/api/entries/" + absent, null, null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/entries/" + absent + "/thread", null, null).status())
                .isEqualTo(404);

        Reply thread = send("GET", "/api/entries/" + deeper.json().get("id").asText() + "/thread", null, null);
        assertThat(thread.status()).isEqualTo(200);
        assertThat(thread.json().get("order").asText()).isEqualTo("tree");
        assertThat(thread.json().get("entries"))
                .extracting(e -> e.get("depth").asInt() + " "
                        + e.get("content").get("text").asText() + " "
                        + e.get("origin").asText())
                .containsExactly("0 root held", "1 answer held", "2 deeper held", "1 second answer held");
        assertThat(thread.json().get("entries").get(0).get("parent").isNull()).isTrue();
        assertThat(thread.json().get("entries").get(2).get("parent").asText()).isEqualTo(replyId);
    }

    private Reply send(String method, String path, String body, String token) throws Exception {
        return api.send(method, path, body, token);
    }
}
