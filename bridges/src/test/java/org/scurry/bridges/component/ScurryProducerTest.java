package org.scurry.bridges.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.testkit.TestSwarm;

class ScurryProducerTest {
    private final TestSwarm swarm = new TestSwarm();
    private final Node node = swarm.node();
    private final CamelOnNode camel = new CamelOnNode(node);

    @AfterEach
    void stop() {
        camel.close();
        swarm.close();
    }

    private FeedId hosted(String name) {
        Ed25519Signer key = Ed25519Signer.generate();
        node.host(key);
        FeedId id = FeedId.of(key.publicKey());
        if (name != null) {
            node.setProfile(id, name, null);
        }
        return id;
    }

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        return camel.template.request(uri, e -> {
            e.getIn().setBody(body);
            e.getIn().setHeaders(headers);
        });
    }

    private Exchange send(String uri, Object body) {
        return send(uri, body, Map.of());
    }

    @Test
    void postPublishesAsTheNodeAndRepliesWithTheEntryAndItsHeaders() {
        Exchange ex = send("scurry:post", "hello from a route");

        assertThat(ex.getException()).isNull();
        Entry entry = ex.getMessage().getBody(Entry.class);
        assertThat(node.feed(node.id(), Long.MAX_VALUE, 1)).containsExactly(entry);
        assertThat(ex.getMessage().getHeaders())
                .containsEntry(ScurryConstants.AUTHOR, node.id().toString())
                .containsEntry(ScurryConstants.SEQ, 1L)
                .containsEntry(ScurryConstants.KIND, Kind.POST)
                .containsEntry(ScurryConstants.ENTRY_ID, entry.id().toString())
                .containsEntry(ScurryConstants.TEXT, "hello from a route");
    }

    @Test
    void postAsAHostedAccountFromTheOptionOrTheHeader() {
        FeedId ann = hosted("ann");
        FeedId bob = hosted(null);

        Entry byOption =
                send("scurry:post?account=" + ann, "as ann").getMessage().getBody(Entry.class);
        Exchange byHeader =
                send("scurry:post?account=" + ann, "as bob", Map.of(ScurryConstants.ACCOUNT, bob.toString()));

        assertThat(byOption.author()).isEqualTo(ann);
        assertThat(byHeader.getMessage().getBody(Entry.class).author()).isEqualTo(bob);
        assertThat(byHeader.getMessage().getHeader(ScurryConstants.AUTHOR)).isEqualTo(bob.toString());
    }

    @Test
    void replyToHeaderMakesAReply() {
        Entry first = node.post("first", null);

        Exchange ex = send(
                "scurry:post",
                "a reply",
                Map.of(ScurryConstants.REPLY_TO, first.id().toString()));

        assertThat(ex.getMessage().getBody(Entry.class).contentText())
                .contains(first.id().toString());
        assertThat(ex.getMessage().getHeader(ScurryConstants.REPLY_TO))
                .isEqualTo(first.id().toString());
    }

    @Test
    void followAndUnfollowTakeAFeedIdOrADisplayName() {
        FeedId ann = hosted("ann");
        FeedId bob = hosted("bob");

        Exchange byId = send("scurry:follow", ann.toString());
        Exchange byName = send("scurry:follow", " bob ");

        assertThat(byId.getMessage().getHeader(ScurryConstants.KIND)).isEqualTo(Kind.FOLLOW);
        assertThat(byName.getException()).isNull();
        assertThat(node.following()).containsExactlyInAnyOrder(ann, bob);

        Exchange unfollow = send("scurry:unfollow", "bob");
        assertThat(unfollow.getMessage().getBody(Entry.class).kind()).isEqualTo(Kind.UNFOLLOW);
        assertThat(node.following()).containsExactly(ann);
    }

    @Test
    void aHostedAccountFollowsOnItsOwnBehalf() {
        FeedId ann = hosted("ann");
        FeedId bob = hosted("bob");

        send("scurry:follow?account=" + ann, "bob");

        assertThat(node.following(ann)).containsExactly(bob);
        assertThat(node.following()).isEmpty();
    }

    @Test
    void badInputFailsWithTheNodesMessage() {
        FeedId stranger = FeedId.of(Ed25519Signer.generate().publicKey());
        String tooLong = "x".repeat(node.config().maxPostChars() + 1);

        assertFails(send("scurry:post", "  "), "post text must not be empty");
        assertFails(send("scurry:post", null), "post text must not be empty");
        assertFails(
                send("scurry:post", tooLong),
                "post text must be at most " + node.config().maxPostChars());
        assertFails(send("scurry:follow", "nobody"), "no feed id or known name: nobody");
        assertFails(send("scurry:unfollow", stranger.toString()), "not following " + stranger);
        assertFails(send("scurry:post?account=" + stranger, "hi"), "this node holds no key for " + stranger);
        assertFails(
                send("scurry:post", "hi", Map.of(ScurryConstants.ACCOUNT, "alice")),
                "CamelScurryAccount: not a feed id");
        assertFails(send("scurry:post", "hi", Map.of(ScurryConstants.REPLY_TO, "nope")), "not an entry id");
        assertThat(node.holds(node.id())).isFalse();
    }

    private static void assertFails(Exchange ex, String message) {
        assertThat(ex.getException())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void routesCanTurnErrorsIntoReplies() throws Exception {
        camel.context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat")
                        .doTry()
                        .to("scurry:post")
                        .setBody(simple("posted ${header.CamelScurryEntryId}"))
                        .doCatch(IllegalArgumentException.class)
                        .setBody(simple("error: ${exception.message}"))
                        .end();
            }
        });

        assertThat(camel.template.requestBody("direct:chat", "", String.class))
                .isEqualTo("error: post text must not be empty");
        assertThat(camel.template.requestBody("direct:chat", "hi", String.class))
                .startsWith("posted ~");
    }

    @Test
    void endpointsRefuseTheWrongDirectionAndBadOptions() {
        assertThatThrownBy(() -> camel.collect("scurry:post"))
                .isInstanceOf(FailedToStartRouteException.class)
                .hasRootCauseMessage("scurry:post is a producer; consume from scurry:entries instead");
        assertThatThrownBy(() -> send("scurry:entries", "x"))
                .hasRootCauseMessage(
                        "scurry:entries is a consumer; send to scurry:post, scurry:follow or scurry:unfollow");
        assertThatThrownBy(() -> camel.context.getEndpoint("scurry:shout"))
                .hasRootCauseMessage("scurry operation must be one of entries, post, follow, unfollow: shout");
        assertThatThrownBy(() -> camel.context.getEndpoint("scurry:entries?feed=alice"))
                .hasMessageContaining("feed: not a feed id (expected @ and 43 base64url characters): alice");
        assertThatThrownBy(() -> camel.context.getEndpoint("scurry:entries?kind=Post"))
                .hasRootCauseMessage("kind must be 1-32 characters of a-z, 0-9 and -: Post");
    }

    @Test
    void theNodeCanBeSetOnTheComponentInsteadOfAutowired() throws Exception {
        try (DefaultCamelContext other = new DefaultCamelContext()) {
            other.start();
            assertThat(other.createProducerTemplate()
                            .request("scurry:post", e -> e.getIn().setBody("x"))
                            .getException())
                    .hasMessageContaining("the scurry component has no Node");

            other.addComponent("swarm", new ScurryComponent(node));
            Entry entry =
                    other.createProducerTemplate().requestBody("swarm:post", "via a named component", Entry.class);
            assertThat(entry.author()).isEqualTo(node.id());
        }
    }
}
