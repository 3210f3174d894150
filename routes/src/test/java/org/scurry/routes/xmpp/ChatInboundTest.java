package org.scurry.routes.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;
import org.scurry.testkit.TestSwarm;

/** Commands, accounts and fan-out without XMPP: what the routes do with a message or an entry. */
class ChatInboundTest {
    private final TestSwarm swarm = new TestSwarm();
    private final Node gateway = swarm.node();
    private final Node other = swarm.node(gateway);
    private final MemoryXmppAccounts accounts = new MemoryXmppAccounts(gateway);
    /** Commands write through the scurry: producers of a context, as in the routes. */
    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() {
        camel.stop();
        swarm.close();
    }

    private ChatInbound inbound(Set<String> allowedDomains, ChatDeliveryPolicy policy) {
        XmppSettings settings = new XmppSettings(
                "127.0.0.1", 5222, "example.org", "bot", "pw", allowedDomains, 30, false, Duration.ofSeconds(30));
        return new ChatInbound(
                settings,
                accounts,
                new ChatSession(gateway, ScurryWriter.on(camel, gateway), policy),
                new RateLimiter(30, Clock.systemUTC()));
    }

    @Test
    void anUnknownJidIsToldWhatToAskTheOperator() {
        assertThat(inbound(Set.of(), ChatDeliveryPolicy.ALL_PUBLIC).answer("zed@example.org", "hi"))
                .contains("not linked to a Scurry account", "./scurry account link NAME --jid zed@example.org");
        assertThat(accounts.linked()).isEmpty();
    }

    @Test
    void aJidOfAnAllowedDomainIsRegisteredAndItsFirstMessageHandled() {
        String answer =
                inbound(Set.of("Example.ORG"), ChatDeliveryPolicy.ALL_PUBLIC).answer("zed.q@example.org", "first!");
        XmppAccount zed = accounts.byJid("zed.q@example.org").orElseThrow();
        assertThat(zed.name()).isEqualTo("zed-q");
        assertThat(answer).startsWith("Welcome!").contains("zed-q", "Posted (");
        assertThat(gateway.feed(zed.feed(), Long.MAX_VALUE, 10))
                .extracting(ChatSession::postText)
                .contains("first!");
    }

    @Test
    void theBotIgnoresItselfAndEmptyBodies() {
        ChatInbound in = inbound(Set.of("example.org"), ChatDeliveryPolicy.ALL_PUBLIC);
        assertThat(in.answer("bot@example.org", "loop?")).isNull();
        assertThat(in.answer("ann@example.org", "  ")).isNull();
        assertThat(accounts.linked()).isEmpty();
    }

    @Test
    void timelineNCountsPostsOnlyNotTheFollowsAndProfilesBetweenThem() {
        XmppAccount ann = accounts.add("ann", "ann@example.org");
        ChatInbound in = inbound(Set.of(), ChatDeliveryPolicy.ALL_PUBLIC);
        in.answer("ann@example.org", "older post");
        in.answer("ann@example.org", "newer post");
        in.answer("ann@example.org", "follow " + other.id());
        gateway.setProfile(ann.feed(), "Ann", "");

        String answer = in.answer("ann@example.org", "timeline 2");

        assertThat(answer).contains("newer post", "older post");
        assertThat(answer.lines()).hasSize(2);
    }

    @Test
    void sinceCatchesAUserUpOnThePostsSinceTheirPreviousMessage() {
        accounts.add("ann", "ann@example.org");
        ChatInbound in = inbound(Set.of(), ChatDeliveryPolicy.ALL_PUBLIC);
        gateway.post("before ann came", null);
        nextMillisecond();
        in.answer("ann@example.org", "follow " + gateway.id());
        nextMillisecond();
        gateway.post("while ann was away", null);
        gateway.setProfile(gateway.id(), "Gw", "");

        String answer = in.answer("ann@example.org", "since");

        assertThat(answer).startsWith("1 post(s) since your last message:").contains("while ann was away");
        assertThat(answer).doesNotContain("before ann came");
        assertThat(in.answer("ann@example.org", "since")).isEqualTo("Nothing new since your last message.");
        assertThat(in.answer("ann@example.org", "since now")).startsWith("Usage: since");
    }

    /** Waits for the clock to pass the current millisecond: `since` counts from a message's millisecond. */
    private static void nextMillisecond() {
        long now = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(60)).until(() -> System.currentTimeMillis() > now);
    }

    @Test
    void aCommandWordOneLetterOffBeforeANameIsAskedAboutNotPosted() {
        accounts.add("ann", "ann@example.org");
        ChatInbound in = inbound(Set.of(), ChatDeliveryPolicy.ALL_PUBLIC);

        assertThat(in.answer("ann@example.org", "folow bob")).startsWith("Did you mean `follow`?");
        assertThat(gateway.feed(accounts.byJid("ann@example.org").orElseThrow().feed(), Long.MAX_VALUE, 10))
                .noneMatch(e -> org.scurry.swarm.Kind.POST.equals(e.kind()));
    }

    @Test
    void refusedCommandsSayWhy() {
        accounts.add("ann", "ann@example.org");
        ChatInbound in = inbound(Set.of(), ChatDeliveryPolicy.ALL_PUBLIC);
        assertThat(in.answer("ann@example.org", "follow nobody-by-that-name"))
                .isEqualTo("Refused: no feed id or known name: nobody-by-that-name");
        assertThat(in.answer("ann@example.org", "unfollow " + other.id())).startsWith("Refused: not following");
        assertThat(in.answer("ann@example.org", "timeline many")).startsWith("Usage: timeline [N]");
        assertThat(in.answer("ann@example.org", "x".repeat(1001))).startsWith("Refused: post text must be at most");
    }

    @Test
    void followedPostsFanOutToFollowersButNotToTheirAuthor() {
        XmppAccount ann = accounts.add("ann", "ann@example.org");
        XmppAccount bob = accounts.add("bob", "bob@example.org");
        accounts.add("cy", "cy@example.org"); // follows nobody
        gateway.follow(ann.feed(), bob.feed());
        gateway.follow(bob.feed(), ann.feed());
        UpdateFanOut fanOut = new UpdateFanOut(gateway, accounts, ChatDeliveryPolicy.ALL_PUBLIC);

        Entry byAnn = gateway.post(ann.feed(), "ann writes", null);

        assertThat(fanOut.deliveries(byAnn))
                .containsExactly(new UpdateFanOut.Delivery("bob@example.org", "ann: ann writes"));
    }

    @Test
    void thePolicyHookKeepsEntriesFromAJid() {
        XmppAccount ann = accounts.add("ann", "ann@example.org");
        gateway.follow(ann.feed(), other.id());
        ChatDeliveryPolicy nothingForAnn = (entry, to) -> !to.equals(ann);
        Entry e = other.post("protected one day", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestSwarm.holdsUpTo(gateway, other.id(), e.seq()));

        assertThat(new UpdateFanOut(gateway, accounts, nothingForAnn).deliveries(e))
                .isEmpty();
        assertThat(new UpdateFanOut(gateway, accounts, ChatDeliveryPolicy.ALL_PUBLIC).deliveries(e))
                .hasSize(1);
        assertThat(inbound(Set.of(), nothingForAnn).answer("ann@example.org", "timeline"))
                .isEqualTo("Your timeline is empty.");
    }
}
