package org.scurry.bridges.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;
import org.scurry.testkit.TestSwarm;

/** Two nodes on an in-memory network, each with its own Camel context. */
class ScurryReplicationTest {
    private final TestSwarm swarm = new TestSwarm();
    private final Node a = swarm.node();
    private final Node b = swarm.node(a);
    private final CamelOnNode camelA = new CamelOnNode(a);
    private final CamelOnNode camelB = new CamelOnNode(b);

    @AfterEach
    void stop() {
        camelA.close();
        camelB.close();
        swarm.close();
    }

    @Test
    void aPostProducedOnNodeAReachesATimelineConsumerOnNodeB() throws Exception {
        a.setProfile(a.id(), "ann", null);
        b.follow(a.id());
        camelB.collect("scurry:entries?kind=post&timelineOf=" + b.id());

        Entry posted = camelA.template.requestBody("scurry:post", "hello, node B", Entry.class);

        await().atMost(Duration.ofSeconds(20)).until(() -> camelB.received.size() == 1);
        Exchange got = camelB.received.get(0);
        assertThat(got.getIn().getBody(Entry.class)).isEqualTo(posted);
        assertThat(got.getIn().getHeaders())
                .containsEntry(ScurryConstants.AUTHOR, a.id().toString())
                .containsEntry(ScurryConstants.AUTHOR_NAME, "ann")
                .containsEntry(ScurryConstants.ENTRY_ID, posted.id().toString())
                .containsEntry(ScurryConstants.TEXT, "hello, node B");
    }

    @Test
    void aStuckRouteOnNodeBDoesNotStopItReplicating() throws Exception {
        b.follow(a.id());
        CountDownLatch release = new CountDownLatch(1);
        camelB.context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scurry:entries?feed=" + a.id()).process(e -> {
                    release.await(60, TimeUnit.SECONDS);
                    camelB.received.add(e);
                });
            }
        });

        for (int i = 1; i <= 30; i++) {
            camelA.template.sendBody("scurry:post", "post " + i);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> TestSwarm.holdsUpTo(b, a.id(), 30));
        assertThat(camelB.received).isEmpty();
        release.countDown();
        await().until(() -> camelB.received.size() == 30);
        assertThat(camelB.received)
                .extracting(e -> e.getIn().getHeader(ScurryConstants.SEQ, Long.class))
                .isSorted()
                .doesNotHaveDuplicates();
    }
}
