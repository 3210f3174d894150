package org.scurry.routes.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.testkit.TestSwarm;

/**
 * The XMPP bridge against a real Prosody with real clients (Smack, go-sendxmpp): the gateway's node
 * and a second node in one swarm, the bot logged in to Prosody, people chatting with it.
 */
class XmppBridgeIT {
    private static final String PASSWORD = "pw-for-tests";
    private static final String BOT = "scurrybot@localhost";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // keeps Prosody's logs of a failed run
    static Path prosodyDir;

    static ProsodyServer prosody;

    private TestSwarm swarm;
    private Node gateway;
    private Node other;
    private MemoryXmppAccounts accounts;
    private CamelContext camel;
    private XmppRoutes routes;

    @BeforeAll
    static void startProsody() {
        prosody = ProsodyServer.create(prosodyDir, "localhost");
        for (String user : List.of("scurrybot", "ann", "bea", "cy", "dan", "erin")) {
            prosody.register(user, PASSWORD);
        }
        prosody.start();
        System.out.println("Prosody for this test runs in " + prosodyDir);
    }

    @AfterAll
    static void stopProsody() {
        if (prosody != null) {
            prosody.close();
        }
    }

    @BeforeEach
    void startSwarm() {
        swarm = new TestSwarm();
        gateway = swarm.node();
        other = swarm.node(gateway);
        other.setProfile(other.id(), "Bea", null);
        accounts = new MemoryXmppAccounts(gateway);
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        swarm.close();
    }

    private void startBridge(Set<String> allowedDomains, int rateLimit) throws Exception {
        XmppSettings settings = new XmppSettings(
                "127.0.0.1",
                prosody.port(),
                "localhost",
                "scurrybot",
                PASSWORD,
                allowedDomains,
                rateLimit,
                true,
                Duration.ofSeconds(2));
        camel = new DefaultCamelContext();
        routes = new XmppRoutes(
                gateway, accounts, settings, ChatDeliveryPolicy.ALL_PUBLIC, Clock.systemUTC(), Duration.ofMillis(200));
        camel.addRoutes(routes);
        camel.start();
        await().atMost(Duration.ofSeconds(20)).until(routes::isLoggedIn);
    }

    @Test
    void aChatUserPostsFollowsAndGetsFollowedUpdatesButNoEcho() throws Exception {
        startBridge(Set.of(), 20);
        XmppAccount ann = accounts.add("ann", "ann@localhost");
        other.follow(ann.feed()); // so the post can be read on the other node
        try (ChatUser user = ChatUser.login(prosody, "ann", PASSWORD)) {
            assertThat(user.ask(BOT, "hello swarm from chat", m -> m.startsWith("Posted")))
                    .isNotNull();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> texts(other, ann.feed()).contains("hello swarm from chat"));

            // The gateway may not hold Bea's profile yet, so the answer may name the id alone.
            assertThat(user.ask(BOT, "FOLLOW " + other.id(), m -> m.contains("following")))
                    .startsWith("Now following")
                    .contains(other.id().toString());

            other.post("news from the other node", null);
            assertThat(user.awaitMessage(m -> m.contains("news from the other node")))
                    .isEqualTo("Bea: news from the other node");
            assertThat(user.ask(BOT, "following", m -> m.startsWith("You follow")))
                    .isEqualTo("You follow 1:\n  Bea (" + other.id() + ")");

            user.ask(BOT, "my own words", m -> m.startsWith("Posted"));
            other.post("marker after my own post", null);
            user.awaitMessage(m -> m.contains("marker after my own post"));
            assertThat(user.received()).noneMatch(m -> m.contains("my own words"));

            assertThat(user.ask(BOT, "whoami", m -> m.startsWith("You are")))
                    .contains("ann", ann.feed().toString(), "ann@localhost");
            assertThat(user.ask(BOT, "timeline 3", m -> m.contains("marker")))
                    .contains("Bea: marker after my own post", "ann: my own words");
            assertThat(user.ask(BOT, "folow " + other.id(), m -> m.startsWith("Did you mean")))
                    .contains("`follow`");
            assertThat(user.ask(BOT, "/dance", m -> m.startsWith("Unknown command")))
                    .contains("follow ID|NAME");
            assertThat(user.ask(BOT, "unfollow Bea", m -> m.startsWith("Stopped")))
                    .contains("Bea");
        }
        assertThat(texts(gateway, ann.feed())).containsExactly("my own words", "hello swarm from chat");
    }

    @Test
    void anUnknownJidIsToldHowToGetLinked() throws Exception {
        startBridge(Set.of(), 20);
        try (ChatUser bea = ChatUser.login(prosody, "bea", PASSWORD)) {
            assertThat(bea.ask(BOT, "hello?", m -> true))
                    .isEqualTo("This address (bea@localhost) is not linked to a Scurry account; ask the operator"
                            + " to run `./scurry account link NAME --jid bea@localhost`.");
        }
        assertThat(accounts.linked()).isEmpty();
    }

    @Test
    void aJidOverTheRateLimitIsToldOnceThenIgnored() throws Exception {
        startBridge(Set.of(), 3);
        XmppAccount cy = accounts.add("cy", "cy@localhost");
        try (ChatUser user = ChatUser.login(prosody, "cy", PASSWORD)) {
            for (int i = 1; i <= 3; i++) {
                user.ask(BOT, "post number " + i, m -> m.startsWith("Posted"));
            }
            assertThat(user.ask(BOT, "post number 4", m -> !m.startsWith("Posted")))
                    .startsWith("Slow down: at most 3 messages a minute.");
            user.send(BOT, "post number 5");
            user.send(BOT, "whoami");
            // a later answer proves the two were handled (dropped) before it
            other.follow(cy.feed());
            cy = accounts.byJid("cy@localhost").orElseThrow();
            gateway.follow(cy.feed(), other.id());
            other.post("proof of order", null);
            user.awaitMessage(m -> m.contains("proof of order"));
            assertThat(user.received()).hasSize(5);
        }
        assertThat(texts(gateway, cy.feed())).containsExactly("number 3", "number 2", "number 1");
    }

    @Test
    void aJidOfAnAllowedDomainGetsAnAccountOnItsFirstMessage() throws Exception {
        startBridge(Set.of("localhost"), 20);
        try (ChatUser erin = ChatUser.login(prosody, "erin", PASSWORD)) {
            assertThat(erin.ask(BOT, "first post", m -> m.startsWith("Welcome")))
                    .contains("account erin")
                    .endsWith("Posted"
                            + erin.received()
                                    .get(0)
                                    .substring(erin.received().get(0).lastIndexOf("Posted") + 6));
        }
        XmppAccount erin = accounts.byJid("erin@localhost").orElseThrow();
        assertThat(erin.name()).isEqualTo("erin");
        assertThat(texts(gateway, erin.feed())).containsExactly("first post");
    }

    @Test
    void goSendxmppPostsThroughTheBot() throws Exception {
        ProsodyServer.requireExecutable("/usr/bin/go-sendxmpp", "go-sendxmpp");
        startBridge(Set.of(), 20);
        XmppAccount dan = accounts.add("dan", "dan@localhost");
        Process p = new ProcessBuilder(
                        "/usr/bin/go-sendxmpp",
                        "-n",
                        "-u",
                        "dan@localhost",
                        "-p",
                        PASSWORD,
                        "-j",
                        "127.0.0.1:" + prosody.port(),
                        BOT)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write("posted with go-sendxmpp".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> texts(gateway, dan.feed()).contains("posted with go-sendxmpp"));
    }

    @Test
    void theBotLogsInAgainAfterTheServerRestarts() throws Exception {
        startBridge(Set.of(), 20);
        XmppAccount ann = accounts.add("ann", "ann@localhost");
        gateway.follow(ann.feed(), other.id());
        assertThat(routes.logins()).isEqualTo(1);

        prosody.kill();
        await().atMost(Duration.ofSeconds(20)).until(() -> !routes.isLoggedIn());
        prosody.start();
        await().atMost(Duration.ofSeconds(30)).until(routes::isLoggedIn);
        assertThat(routes.logins()).isEqualTo(2);

        try (ChatUser user = ChatUser.login(prosody, "ann", PASSWORD)) {
            user.ask(BOT, "after the restart", m -> m.startsWith("Posted"));
            other.post("news after the restart", null);
            assertThat(user.awaitMessage(m -> m.contains("news after the restart")))
                    .isEqualTo("Bea: news after the restart");
        }
        assertThat(texts(gateway, ann.feed())).containsExactly("after the restart");
    }

    /** The post texts a node holds of a feed, newest first. */
    private static List<String> texts(Node node, FeedId feed) {
        if (!node.holds(feed)) {
            return List.of();
        }
        return node.feed(feed, Long.MAX_VALUE, 100).stream()
                .filter(e -> "post".equals(e.kind()))
                .map(ChatSession::postText)
                .toList();
    }
}
