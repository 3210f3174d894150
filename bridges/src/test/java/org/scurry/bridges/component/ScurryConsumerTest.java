package org.scurry.bridges.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.testkit.TestSwarm;

class ScurryConsumerTest {
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

    private List<Entry> receivedEntries() {
        return camel.received.stream().map(e -> e.getIn().getBody(Entry.class)).toList();
    }

    private Exchange exchangeOf(Entry entry) {
        return camel.received.get(receivedEntries().indexOf(entry));
    }

    /** Waits until the node has called its entry listeners for {@code entry} (they run later, on its replication thread). */
    private static void awaitListenersCalled(Node node, Runnable append) throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        try (AutoCloseable probe = node.onEntry(e -> seen.countDown())) {
            append.run();
            assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void eachAppendedEntryIsEmittedWithItsHeaders() throws Exception {
        node.setProfile(node.id(), "alice", null);
        camel.collect("scurry:entries");

        Entry post = node.post("hello swarm", null);

        await().until(() -> receivedEntries().contains(post));
        Exchange ex = exchangeOf(post);
        assertThat(ex.getIn().getBody()).isEqualTo(post);
        assertThat(ex.getIn().getHeaders())
                .containsEntry(ScurryConstants.AUTHOR, node.id().toString())
                .containsEntry(ScurryConstants.AUTHOR_NAME, "alice")
                .containsEntry(ScurryConstants.SEQ, 2L)
                .containsEntry(ScurryConstants.KIND, Kind.POST)
                .containsEntry(ScurryConstants.ENTRY_ID, post.id().toString())
                .containsEntry(ScurryConstants.TIMESTAMP, post.timestamp())
                .containsEntry(ScurryConstants.TEXT, "hello swarm")
                .doesNotContainKey(ScurryConstants.REPLY_TO);
    }

    @Test
    void entriesBeforeTheConsumerStartedAreNotEmitted() throws Exception {
        awaitListenersCalled(node, () -> node.post("before", null));
        camel.collect("scurry:entries");
        Entry after = node.post("after", null);

        await().until(() -> receivedEntries().contains(after));
        assertThat(receivedEntries()).containsExactly(after);
    }

    @Test
    void aReplyCarriesReplyToAndOtherKindsCarryNoText() throws Exception {
        camel.collect("scurry:entries");
        FeedId bob = hosted(null);
        Entry first = node.post("first", null);
        Entry reply = node.post(bob, "re: first", first.id());
        Entry follow = node.follow(bob);

        await().until(() -> receivedEntries().contains(follow));
        assertThat(exchangeOf(reply).getIn().getHeader(ScurryConstants.REPLY_TO))
                .isEqualTo(first.id().toString());
        assertThat(exchangeOf(follow).getIn().getHeaders())
                .containsEntry(ScurryConstants.KIND, Kind.FOLLOW)
                .doesNotContainKey(ScurryConstants.TEXT)
                .doesNotContainKey(ScurryConstants.AUTHOR_NAME);
    }

    @Test
    void feedFilterEmitsOneAuthorOnly() throws Exception {
        FeedId bob = hosted("bob");
        camel.collect("scurry:entries?feed=" + bob);

        node.post("from the node", null);
        Entry fromBob = node.post(bob, "from bob", null);
        node.post("from the node again", null);
        Entry lastFromBob = node.post(bob, "from bob again", null);

        await().until(() -> receivedEntries().contains(lastFromBob));
        // Bob's profile entry (made by hosted("bob")) may or may not be delivered after the
        // consumer started: entries reach listeners once durable, on the writer's thread.
        assertThat(receivedEntries())
                .allMatch(e -> e.author().equals(bob), "written by bob")
                .containsSubsequence(fromBob, lastFromBob)
                .filteredOn(e -> e.kind().equals(Kind.POST))
                .containsExactly(fromBob, lastFromBob);
    }

    @Test
    void kindFilterEmitsOneKindOnly() throws Exception {
        FeedId bob = hosted(null);
        camel.collect("scurry:entries?kind=follow");

        node.post("a post", null);
        Entry follow = node.follow(bob);
        node.post("another post", null);
        Entry unfollow = node.unfollow(bob);
        Entry followAgain = node.follow(bob);

        await().until(() -> receivedEntries().contains(followAgain));
        assertThat(receivedEntries()).containsExactly(follow, followAgain).doesNotContain(unfollow);
    }

    @Test
    void timelineOfEmitsFollowedFeedsAndLeavesOutTheAccountsOwn() throws Exception {
        FeedId ann = hosted("ann");
        FeedId bob = hosted("bob");
        FeedId cat = hosted("cat");
        node.follow(ann, bob);
        camel.collect("scurry:entries?timelineOf=" + ann + "&kind=post");

        node.post(ann, "ann's own", null);
        Entry bobs = node.post(bob, "bob's", null);
        node.post(cat, "cat is not followed", null);
        node.follow(ann, cat);
        Entry cats = node.post(cat, "cat is followed now", null);

        await().until(() -> receivedEntries().contains(cats));
        assertThat(receivedEntries()).containsExactly(bobs, cats);
        assertThat(exchangeOf(bobs).getIn().getHeader(ScurryConstants.AUTHOR_NAME))
                .isEqualTo("bob");
    }

    @Test
    void timelineOfWithIncludeOwnAlsoEmitsTheAccountsOwn() throws Exception {
        FeedId ann = hosted(null);
        FeedId bob = hosted(null);
        node.follow(ann, bob);
        camel.collect("scurry:entries?kind=post&includeOwn=true&timelineOf=" + ann);

        Entry own = node.post(ann, "ann's own", null);
        node.post("the node is not followed", null);
        Entry bobs = node.post(bob, "bob's", null);

        await().until(() -> receivedEntries().contains(bobs));
        assertThat(receivedEntries()).containsExactly(own, bobs);
    }

    @Test
    void aSlowRouteDoesNotHoldUpTheNodeAndCatchesUpFromTheStoreWithNothingLost() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        camel.context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scurry:entries?queueSize=3").routeId("slow").process(e -> {
                    release.await(30, TimeUnit.SECONDS);
                    camel.received.add(e);
                });
            }
        });

        // A listener added after the consumer's is called for every entry while the route is stuck.
        List<Entry> posted = new ArrayList<>();
        List<Entry> seenAfterConsumer = new CopyOnWriteArrayList<>();
        try (AutoCloseable probe = node.onEntry(seenAfterConsumer::add)) {
            for (int i = 0; i < 20; i++) {
                posted.add(node.post("post " + i, null));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> seenAfterConsumer.size() == 20);
        }
        assertThat(camel.received).isEmpty();

        release.countDown();
        // More entries than the queue holds: every one arrives, in the order they were stored.
        await().atMost(Duration.ofSeconds(60)).until(() -> camel.received.size() >= 20);
        assertThat(receivedEntries()).containsExactlyElementsOf(posted);
        ScurryConsumer consumer = camel.consumer("slow");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> consumer.position() == node.store().lastArrival());
        assertThat(consumer.emittedCount()).isEqualTo(20);
        assertThat(receivedEntries()).containsExactlyElementsOf(posted);
    }

    @Test
    void aRouteStoppedAndStartedAgainResumesWithoutAConsumerId() throws Exception {
        camel.collect("scurry:entries");
        Entry first = node.post("first", null);
        await().until(() -> receivedEntries().contains(first));
        camel.context.getRouteController().stopRoute("scurry:entries");

        Entry whileStopped = node.post("while stopped", null);
        camel.context.getRouteController().startRoute("scurry:entries");
        Entry after = node.post("after", null);

        await().atMost(Duration.ofSeconds(60)).until(() -> receivedEntries().contains(after));
        assertThat(receivedEntries()).containsExactly(first, whileStopped, after);
    }

    @Test
    void aBadConsumerIdIsRefusedWithTheOffendingText() {
        assertThatThrownBy(() -> camel.collect("scurry:entries?consumerId=../etc"))
                .hasStackTraceContaining("consumerId must be")
                .hasStackTraceContaining("../etc");
    }
}
