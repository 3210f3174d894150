package org.scurry.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.routes.api.ApiTestServer.Reply;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * The protected-feed API over real HTTP on a real node: protect on, sealed in reads without the
 * token and opened with it, private lists need the token, requests approved, denied and revoked.
 */
class ProtectApiTest {
    private static final String TOKEN = "s3cret-token-for-protect-tests";

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
    void protectedPostsReadSealedWithoutTheTokenAndOpenedWithIt() throws Exception {
        assertThat(send("POST", "/api/protect", "{\"on\":\"yes\"}", TOKEN).status())
                .isEqualTo(400);
        Reply on = send("POST", "/api/protect", "{\"on\":true}", TOKEN);
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.json().get("protected").asBoolean()).isTrue();
        assertThat(on.json().get("epoch").asInt()).isEqualTo(1);
        assertThat(on.json().get("entry").get("kind").asText()).isEqualTo("protect");

        Reply posted = send("POST", "/api/posts", "{\"text\":\"between us\"}", TOKEN);
        assertThat(posted.status()).isEqualTo(201);
        assertThat(posted.json().get("kind").asText()).isEqualTo("sealed");
        assertThat(posted.body()).doesNotContain("between us");

        Reply open = send("GET", "/api/feeds/" + node.id() + "?limit=1", null, null);
        JsonNode sealed = open.json().get("entries").get(0);
        assertThat(open.body()).doesNotContain("between us");
        assertThat(sealed.get("kind").asText()).isEqualTo("sealed");
        assertThat(sealed.get("content").isEmpty()).isTrue();
        assertThat(sealed.get("protected").get("epoch").asInt()).isEqualTo(1);
        assertThat(sealed.get("protected").get("readable").asBoolean()).isFalse();

        JsonNode opened = send("GET", "/api/timeline?limit=1", null, TOKEN)
                .json()
                .get("entries")
                .get(0);
        assertThat(opened.get("kind").asText()).isEqualTo("post");
        assertThat(opened.get("content").get("text").asText()).isEqualTo("between us");
        assertThat(opened.get("protected").get("readable").asBoolean()).isTrue();
        assertThat(opened.get("id").asText()).isEqualTo(sealed.get("id").asText());

        assertThat(send("GET", "/api/protect", null, null)
                        .json()
                        .get("protected")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void followersAreApprovedListedAndRevokedAndTheListsArePrivate() throws Exception {
        send("POST", "/api/protect", "{\"on\":true}", TOKEN);
        FeedId bob = FeedId.of(Ed25519Signer.generate().publicKey());
        FeedId cy = FeedId.of(Ed25519Signer.generate().publicKey());

        assertThat(send("GET", "/api/followers", null, null).status()).isEqualTo(401);
        assertThat(send("GET", "/api/requests", null, null).status()).isEqualTo(401);
        assertThat(send("GET", "/api/requests", null, TOKEN)
                        .json()
                        .get("requests")
                        .isEmpty())
                .isTrue();

        Reply approved = send("POST", "/api/followers", "{\"id\":\"" + bob + "\"}", TOKEN);
        assertThat(approved.status()).isEqualTo(201);
        assertThat(approved.json().get("follower").asText()).isEqualTo(bob.toString());
        assertThat(approved.json().get("entry").get("kind").asText()).isEqualTo("grant");
        assertThat(send("POST", "/api/requests/" + cy + "/approve", null, TOKEN).status())
                .isEqualTo(201);
        assertThat(send("POST", "/api/requests/" + cy + "/approve", null, TOKEN).error())
                .contains("already an approved follower");
        assertThat(send("GET", "/api/followers", null, TOKEN).json().get("followers"))
                .extracting(f -> f.get("id").asText())
                .containsExactly(bob.toString(), cy.toString());

        Reply revoked = send("DELETE", "/api/followers/" + bob, null, TOKEN);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("epoch").asInt()).isEqualTo(2);
        assertThat(revoked.json().get("entries"))
                .extracting(e -> e.get("kind").asText())
                .containsExactly("revoke", "grant");
        assertThat(send("DELETE", "/api/followers/" + bob, null, TOKEN).error()).contains("not an approved follower");
        assertThat(send("POST", "/api/requests/" + bob + "/deny", null, TOKEN).error())
                .contains("no pending request");
        assertThat(send("DELETE", "/api/followers/" + cy, null, null).status()).isEqualTo(401);
    }

    private Reply send(String method, String path, String body, String token) throws Exception {
        return api.send(method, path, body, token);
    }
}
