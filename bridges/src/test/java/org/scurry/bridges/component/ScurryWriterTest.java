package org.scurry.bridges.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.testkit.TestSwarm;

/** The routes' typed road through the producers: entries back, the node's exceptions unwrapped. */
class ScurryWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestSwarm swarm = new TestSwarm();
    private final Node node = swarm.node();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final ScurryWriter writer;

    ScurryWriterTest() {
        camel.start();
        writer = ScurryWriter.on(camel, node);
    }

    @AfterEach
    void stop() {
        camel.stop();
        swarm.close();
    }

    private FeedId hosted() {
        Ed25519Signer key = Ed25519Signer.generate();
        node.host(key);
        return FeedId.of(key.publicKey());
    }

    @Test
    void postsFollowsAndUnfollowsAreTheNodesEntries() {
        FeedId ann = hosted();
        Entry post = writer.post(ann, "hello", null);
        Entry reply = writer.post(node.id(), "re", post.id());
        Entry follow = writer.follow(node.id(), ann.toString());
        Entry unfollow = writer.unfollow(node.id(), ann.toString());

        assertThat(node.feed(ann, Long.MAX_VALUE, 10)).containsExactly(post);
        assertThat(node.feed(node.id(), Long.MAX_VALUE, 10)).containsExactly(unfollow, follow, reply);
        assertThat(node.following()).isEmpty();
    }

    @Test
    void postAsyncCompletesWhenDurableAndKeepsTheOrderOfOneAccount() {
        FeedId ann = hosted();
        List<CompletableFuture<Entry>> posts = List.of(
                writer.postAsync(ann, "one", null),
                writer.postAsync(ann, "two", null),
                writer.postAsync(ann, "three", null));

        List<Entry> entries = posts.stream().map(CompletableFuture::join).toList();

        assertThat(entries).extracting(Entry::seq).containsExactly(1L, 2L, 3L);
        assertThat(node.feed(ann, Long.MAX_VALUE, 10)).containsExactly(entries.get(2), entries.get(1), entries.get(0));
    }

    @Test
    void theNodesExceptionsComeBackUnwrappedAndBadInputOfPostAsyncAtOnce() {
        FeedId stranger = FeedId.of(Ed25519Signer.generate().publicKey());

        assertThatThrownBy(() -> writer.post(node.id(), "x".repeat(1001), null))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("post text must be at most 1000 characters: 1001");
        assertThatThrownBy(() -> writer.postAsync(node.id(), " ", null))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("post text must not be empty");
        assertThatThrownBy(() -> writer.post(stranger, "not mine", null))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(stranger.toString());
        assertThatThrownBy(() -> writer.unfollow(node.id(), stranger.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not following");
        assertThat(node.holds(node.id())).isFalse();
    }

    @Test
    void fieldsGoIntoThePostsContentBesideItsText() throws Exception {
        Entry post = writer.post(
                node.id(),
                "imported",
                null,
                Map.of("source", Map.of("feed", "https://example.org/a.atom", "item", "k1")));

        JsonNode content = JSON.readTree(post.content());
        assertThat(content.get("text").asText()).isEqualTo("imported");
        assertThat(content.get("source").get("item").asText()).isEqualTo("k1");
        assertThatThrownBy(() -> writer.post(node.id(), "x", null, Map.of("text", "other")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("CamelScurryFields must not set text");
        assertThatThrownBy(() -> writer.post(node.id(), "", null, Map.of("a", 1)))
                .hasMessage("post text must not be empty");
    }

    @Test
    void aPostWithFieldsIsRefusedForAProtectedFeed() {
        node.protection().setProtected(node.id(), true);

        assertThatThrownBy(() -> writer.post(node.id(), "x", null, Map.of("a", 1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is protected");
    }

    @Test
    void aSecondNodeOnTheSameEndpointsIsRefused() {
        Node other = swarm.node();

        assertThatThrownBy(() -> ScurryWriter.on(camel, other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already writes to node " + node.id());
    }
}
