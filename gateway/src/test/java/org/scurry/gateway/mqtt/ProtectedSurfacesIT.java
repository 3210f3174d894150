package org.scurry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.routes.api.ApiRoutes;
import org.scurry.routes.feeds.FeedRoutes;
import org.scurry.routes.feeds.MemoryTimelineTokens;
import org.scurry.routes.mqtt.InMemoryMqttAccounts;
import org.scurry.routes.xmpp.ChatUser;
import org.scurry.routes.xmpp.MemoryXmppAccounts;
import org.scurry.routes.xmpp.ProsodyServer;
import org.scurry.routes.xmpp.XmppAccount;
import org.scurry.routes.xmpp.XmppRoutes;
import org.scurry.routes.xmpp.XmppSettings;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.testkit.TestSwarm;

/**
 * DESIGN.md §7 on every surface of the gateway at once, with real servers: HTTP (Atom, RSS, the JSON
 * API), the embedded MQTT broker and a real Prosody with one chat client per person. A seeded random
 * run of posts, protect on/off, requests, approvals, denials and revocations (some by chat command,
 * some through the node), after which every byte each surface served is searched for every protected
 * plaintext: none may appear on a public surface, none on a person's surfaces unless that person held
 * the key of its epoch; and each approved person did get what they may read.
 */
class ProtectedSurfacesIT {
    private static final String PASSWORD = "pw-for-tests";
    private static final String BOT = "scurrybot@localhost";
    private static final String API_TOKEN = "api-token-for-protected-surfaces";
    private static final List<String> PEOPLE = List.of("alice", "bob", "carol", "dan", "erin");
    private static final List<String> OWNERS = List.of("alice", "dan");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path prosodyDir;

    static ProsodyServer prosody;

    @TempDir
    Path dir;

    private TestSwarm swarm;
    private CamelContext camel;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startProsody() {
        prosody = ProsodyServer.create(prosodyDir, "localhost");
        prosody.register("scurrybot", PASSWORD);
        PEOPLE.forEach(p -> prosody.register(p, PASSWORD));
        prosody.start();
    }

    @AfterAll
    static void stopProsody() {
        if (prosody != null) {
            prosody.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (camel != null) {
            camel.close();
        }
        if (swarm != null) {
            swarm.close();
        }
    }

    /** What the test knows about one protected owner, kept beside the real thing. */
    private static final class Model {
        boolean on;
        int epoch;
        final Set<String> followers = new LinkedHashSet<>();
        final Map<Integer, Set<String>> keyHolders = new HashMap<>();

        void protect(boolean value) {
            on = value;
            if (value && epoch == 0) {
                epoch = 1;
                keyHolders.put(1, new HashSet<>());
            }
        }

        void approve(String who) {
            followers.add(who);
            keyHolders.get(epoch).add(who);
        }

        void revoke(String who) {
            followers.remove(who);
            epoch++;
            keyHolders.put(epoch, new HashSet<>(followers));
        }
    }

    /** A protected post: who may read it is decided by its epoch's key holders at the end. */
    private record Secret(String text, String owner, int epoch, Set<String> approvedWhenPosted) {}

    @Test
    void randomPostsApprovalsAndRevocationsNeverShowProtectedTextWhereItMustNotBe() throws Exception {
        long seed = Long.getLong("scurry.protect.seed", System.nanoTime());
        System.out.println("ProtectedSurfacesIT seed " + seed + " (rerun with -Dscurry.protect.seed=" + seed + ")");
        Random random = new Random(seed);

        swarm = new TestSwarm();
        Node gateway = swarm.node();
        MemoryXmppAccounts xmppAccounts = new MemoryXmppAccounts(gateway);
        InMemoryMqttAccounts mqttAccounts = new InMemoryMqttAccounts(gateway);
        MemoryTimelineTokens tokens = new MemoryTimelineTokens();
        Map<String, FeedId> feeds = new LinkedHashMap<>();
        for (String p : PEOPLE) {
            XmppAccount a = xmppAccounts.add(p, p + "@localhost");
            feeds.put(p, a.feed());
            mqttAccounts.add(p, a.feed(), "mqtt-" + p);
            tokens.put(p, "timeline-token-" + p, a.feed());
        }
        for (String a : PEOPLE) {
            for (String b : PEOPLE) {
                if (!a.equals(b)) {
                    gateway.follow(feeds.get(a), feeds.get(b));
                }
            }
        }

        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(0);
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        camel.addService(server);
        camel.addRoutes(new ApiRoutes(gateway, API_TOKEN));
        camel.addRoutes(new FeedRoutes(gateway, tokens));
        MqttBridge mqtt = MqttBridge.embedded(
                gateway,
                mqttAccounts,
                MqttTopics.defaults(),
                Duration.ofMinutes(10),
                "127.0.0.1",
                0,
                dir.resolve("mqtt"));
        mqtt.addTo(camel);
        XmppSettings settings = new XmppSettings(
                "127.0.0.1",
                prosody.port(),
                "localhost",
                "scurrybot",
                PASSWORD,
                Set.of(),
                1000,
                true,
                Duration.ofSeconds(2));
        XmppRoutes xmpp = new XmppRoutes(gateway, xmppAccounts, settings);
        camel.addRoutes(xmpp);
        camel.start();
        String base = "http://127.0.0.1:" + server.getServer().actualPort();
        await().atMost(WAIT).until(xmpp::isLoggedIn);

        // Everything each surface carries, as it arrives.
        List<byte[]> publicMqtt = new CopyOnWriteArrayList<>();
        Map<String, List<byte[]>> timelineMqtt = new ConcurrentHashMap<>();
        Map<String, RawMqttClient> mqttClients = new LinkedHashMap<>();
        Map<String, ChatUser> chat = new LinkedHashMap<>();
        RawMqttClient watcher =
                RawMqttClient.subscribed(mqtt.broker().port(), "erin.watcher", "erin", "mqtt-erin", "scurry/feed/#");
        clients.add(watcher);
        for (String p : PEOPLE) {
            RawMqttClient c = RawMqttClient.subscribed(
                    mqtt.broker().port(), p + ".timeline", p, "mqtt-" + p, "scurry/timeline/" + p);
            clients.add(c);
            mqttClients.put(p, c);
            timelineMqtt.put(p, new CopyOnWriteArrayList<>());
            ChatUser u = ChatUser.login(prosody, p, PASSWORD);
            clients.add(u);
            chat.put(p, u);
        }

        Map<String, Model> model = new LinkedHashMap<>();
        OWNERS.forEach(o -> model.put(o, new Model()));
        List<Secret> secrets = new ArrayList<>();
        List<String> publicTexts = new ArrayList<>();
        int steps = 60;
        for (int step = 0; step < steps; step++) {
            String owner = OWNERS.get(random.nextInt(OWNERS.size()));
            Model m = model.get(owner);
            FeedId ownerFeed = feeds.get(owner);
            List<String> others = PEOPLE.stream().filter(p -> !p.equals(owner)).toList();
            String other = others.get(random.nextInt(others.size()));
            boolean byChat = random.nextBoolean();
            double r = random.nextDouble();
            if (r < 0.45) {
                String author = random.nextInt(3) == 0 ? other : owner;
                if (model.containsKey(author) && model.get(author).on) {
                    Model am = model.get(author);
                    String text = "SECRET" + step + "x" + Long.toHexString(random.nextLong());
                    gateway.post(feeds.get(author), text, null);
                    secrets.add(new Secret(text, author, am.epoch, Set.copyOf(am.keyHolders.get(am.epoch))));
                } else {
                    String text = "public" + step + "y" + Long.toHexString(random.nextLong());
                    gateway.post(feeds.get(author), text, null);
                    publicTexts.add(text);
                }
            } else if (r < 0.58) {
                boolean on = !m.on || random.nextInt(4) == 0;
                if (byChat) {
                    chat.get(owner).ask(BOT, "protect " + (on ? "on" : "off"), a -> a.startsWith("Your feed"));
                } else {
                    gateway.protection().setProtected(ownerFeed, on);
                }
                m.protect(on);
            } else if (r < 0.80) {
                if (m.epoch == 0 || m.followers.contains(other)) {
                    continue;
                }
                if (byChat) {
                    chat.get(other).ask(BOT, "request " + owner + " it is " + other, a -> a.startsWith("Asked"));
                    assertThat(chat.get(owner).ask(BOT, "requests", a -> a.contains("request")))
                            .contains(other);
                    assertThat(chat.get(owner).ask(BOT, "approve " + other, a -> a.startsWith("Approved")))
                            .contains(other);
                } else {
                    gateway.protection().approve(ownerFeed, feeds.get(other), null);
                }
                m.approve(other);
            } else if (r < 0.92) {
                if (m.followers.isEmpty()) {
                    continue;
                }
                String gone = m.followers.iterator().next();
                if (byChat) {
                    chat.get(owner).ask(BOT, "revoke " + gone, a -> a.startsWith("Revoked"));
                } else {
                    gateway.protection().revoke(ownerFeed, feeds.get(gone));
                }
                m.revoke(gone);
            } else {
                if (m.epoch == 0 || m.followers.contains(other)) {
                    continue;
                }
                gateway.protection().request(feeds.get(other), ownerFeed, "please");
                chat.get(owner).ask(BOT, "deny " + other, a -> a.startsWith("Denied") || a.startsWith("Refused"));
            }
            if (step % 10 == 0) {
                for (RawMqttClient c : clients.stream()
                        .filter(RawMqttClient.class::isInstance)
                        .map(RawMqttClient.class::cast)
                        .toList()) {
                    c.ping();
                }
            }
            drain(watcher, publicMqtt);
            mqttClients.forEach((p, c) -> drainQuietly(c, timelineMqtt.get(p)));
        }
        for (Map.Entry<String, Model> e : model.entrySet()) {
            assertThat(gateway.protection().status(feeds.get(e.getKey())).followers())
                    .as("the node agrees with the model on " + e.getKey() + "'s followers")
                    .containsExactlyElementsOf(
                            e.getValue().followers.stream().map(feeds::get).toList());
        }

        // A last public post that every surface carries: once it is everywhere, so is all before it.
        String marker = "final-marker-" + seed;
        gateway.post(feeds.get("erin"), marker, null);
        await().atMost(WAIT).until(() -> {
            drain(watcher, publicMqtt);
            return containsText(publicMqtt, marker);
        });
        for (String p : PEOPLE) {
            await().atMost(WAIT).until(() -> {
                drain(mqttClients.get(p), timelineMqtt.get(p));
                return containsText(timelineMqtt.get(p), marker);
            });
            if (!p.equals("erin")) {
                chat.get(p).awaitMessage(t -> t.contains(marker));
            }
        }

        // Every byte served: public surfaces, then each person's own.
        List<byte[]> publicBytes = new ArrayList<>(publicMqtt);
        List<FeedId> allFeeds = new ArrayList<>(feeds.values());
        allFeeds.add(gateway.id());
        for (FeedId f : allFeeds) {
            if (!gateway.holds(f)) {
                continue;
            }
            for (String ext : List.of("atom", "rss")) {
                publicBytes.add(get(base + "/feeds/" + f + "." + ext + "?limit=200", null, 200));
            }
            publicBytes.add(get(base + "/api/feeds/" + f + "?limit=1000", null, 200));
            // With the token, as the node's own identity, which nobody approved.
            publicBytes.add(get(base + "/api/feeds/" + f + "?limit=1000", API_TOKEN, 200));
        }
        publicBytes.add(get(base + "/api/timeline?limit=1000", null, 200));
        assertThat(containsText(publicBytes, marker))
                .as("the public surfaces were read")
                .isTrue();

        Map<String, List<byte[]>> personal = new LinkedHashMap<>();
        Map<String, byte[]> timelineAtom = new LinkedHashMap<>();
        for (String p : PEOPLE) {
            List<byte[]> bytes = new ArrayList<>(timelineMqtt.get(p));
            byte[] atom = get(base + "/timeline/" + p + ".atom?limit=200&token=timeline-token-" + p, null, 200);
            timelineAtom.put(p, atom);
            bytes.add(atom);
            bytes.add(get(base + "/timeline/" + p + ".rss?limit=200&token=timeline-token-" + p, null, 200));
            chat.get(p).received().forEach(t -> bytes.add(t.getBytes(StandardCharsets.UTF_8)));
            personal.put(p, bytes);
        }

        assertThat(secrets)
                .as("the run made protected posts (seed " + seed + ")")
                .isNotEmpty();
        int delivered = 0;
        for (Secret s : secrets) {
            assertThat(containsText(publicBytes, s.text()))
                    .as("protected text on a public surface: " + s)
                    .isFalse();
            Set<String> mayRead = new HashSet<>(model.get(s.owner()).keyHolders.get(s.epoch()));
            mayRead.add(s.owner());
            for (String p : PEOPLE) {
                if (!mayRead.contains(p)) {
                    assertThat(containsText(personal.get(p), s.text()))
                            .as(p + " may not read " + s)
                            .isFalse();
                    continue;
                }
                assertThat(containsText(List.of(timelineAtom.get(p)), s.text()))
                        .as(p + "'s timeline feed shows " + s)
                        .isTrue();
                if (s.approvedWhenPosted().contains(p)) {
                    assertThat(chat.get(p).received())
                            .as(p + " got " + s + " by chat")
                            .anyMatch(t -> t.contains(s.text()));
                    assertThat(containsText(timelineMqtt.get(p), s.text()))
                            .as(p + " got " + s + " on the timeline topic")
                            .isTrue();
                    delivered++;
                }
            }
        }
        for (String text : publicTexts) {
            assertThat(containsText(publicBytes, text))
                    .as("public post served: " + text)
                    .isTrue();
        }
        System.out.println("ProtectedSurfacesIT: " + secrets.size() + " protected posts, " + publicTexts.size()
                + " public posts, " + delivered + " live deliveries to approved followers checked; seed " + seed);
    }

    private byte[] get(String url, String token, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(status);
        return r.body();
    }

    private static void drain(RawMqttClient c, List<byte[]> into) throws InterruptedException {
        for (RawMqttClient.Received m; (m = c.next(Duration.ofMillis(1))) != null; ) {
            into.add(m.payload());
        }
    }

    private static void drainQuietly(RawMqttClient c, List<byte[]> into) {
        try {
            drain(c, into);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean containsText(List<byte[]> haystacks, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (byte[] h : haystacks) {
            if (indexOf(h, needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
