package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.routes.xmpp.ChatUser;
import org.scurry.routes.xmpp.ProsodyServer;

/**
 * Profiles and threads across three real gateway processes (issue 17), driven as people do: the
 * {@code ./scurry} launcher, the HTTP API, and chat with the bot through a real Prosody.
 *
 * <p>Cara (node C) posts; Bea (node B, following Cara) answers; Ann (node A, following Bea only,
 * replicating followed feeds only: {@code scurry.hops=1}) answers Bea. A never holds Cara's post:
 * asked for the thread, it fetches the post from B, its peer, and shows all three. Links: A–B–C.
 */
class SocialThreeNodesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = "pw-for-social-it";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final List<GatewayProcess> gateways = new ArrayList<>();
    private ProsodyServer prosody;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        for (GatewayProcess g : gateways) {
            g.stop();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    void aThreadByThreeAuthorsIsShownWholeWhereOnePostIsHeldOnlyByAPeerAndProfilesTravel() throws Exception {
        prosody = ProsodyServer.create(dir.resolve("prosody"), "localhost");
        prosody.register("scurrybot", PASSWORD);
        prosody.register("ann", PASSWORD);
        prosody.start();

        GatewayProcess c = start("c", List.of());
        GatewayProcess b = start("b", List.of("scurry.peers=127.0.0.1:" + c.swarmPort()));
        GatewayProcess a = start(
                "a",
                List.of(
                        "scurry.peers=127.0.0.1:" + b.swarmPort(),
                        "scurry.hops=1",
                        "scurry.xmpp.enabled=true",
                        "scurry.xmpp.host=127.0.0.1",
                        "scurry.xmpp.port=" + prosody.port(),
                        "scurry.xmpp.domain=localhost",
                        "scurry.xmpp.user=scurrybot",
                        "scurry.xmpp.password=" + PASSWORD,
                        "scurry.xmpp.allowed-domains=localhost",
                        "scurry.xmpp.tls.accept-self-signed=true"));
        String aId = scurry(a, "id").trim();
        String bId = scurry(b, "id").trim();
        String cId = scurry(c, "id").trim();

        // profiles, set as a user types them, read on another node
        assertThat(scurry(
                        c, "profile", "--name", "Cara", "--bio", "Posts first.", "--link", "https://example.org/cara"))
                .contains("profile updated", "name:       Cara", "link:       https://example.org/cara");
        assertThat(scurryFails(c, "profile", "--link", "ftp://example.org/")).contains("http:// or https://");
        scurry(b, "profile", "--name", "Bea");
        scurry(a, "profile", "--name", "Bea", "--bio", "Another Bea.");
        scurry(b, "follow", cId);
        scurry(a, "follow", bId);

        String root = scurry(c, "post", "root", "by", "Cara").trim();
        await().atMost(WAIT).until(() -> get(b, "/api/entries/" + root).statusCode() == 200);
        String bReply =
                scurry(b, "post", "--reply-to", root, "reply", "by", "Bea").trim();
        await().atMost(WAIT).until(() -> get(a, "/api/entries/" + bReply).statusCode() == 200);
        String aReply =
                scurry(a, "post", "--reply-to", bReply, "reply", "by", "Ann").trim();

        await().atMost(WAIT).until(() -> scurry(b, "profile", "Cara").contains("Posts first."));
        String caraOnB = scurry(b, "profile", "Cara");
        assertThat(caraOnB)
                .contains("id:         " + cId, "link:       https://example.org/cara", "followers:  1 known here");
        JsonNode caraJson = JSON.readTree(get(b, "/api/profiles/" + cId).body());
        assertThat(caraJson.get("counts").get("posts").asLong()).isEqualTo(1);
        assertThat(caraJson.get("counts").get("followers").asLong()).isEqualTo(1);

        // A holds Bea's reply but not Cara's post: the thread fetches it from B
        assertThat(get(a, "/api/entries/" + root).statusCode()).isEqualTo(404);
        JsonNode thread =
                JSON.readTree(get(a, "/api/entries/" + aReply + "/thread").body());
        assertThat(thread.get("entries"))
                .extracting(e -> e.get("depth").asInt() + " " + e.get("author").asText() + " "
                        + e.get("content").get("text").asText() + " "
                        + e.get("origin").asText())
                .containsExactly(
                        "0 " + cId + " root by Cara fetched",
                        "1 " + bId + " reply by Bea held",
                        "2 " + aId + " reply by Ann held");
        assertThat(get(a, "/api/entries/" + root).statusCode())
                .as("fetched for the answer, not stored")
                .isEqualTo(404);

        String printed = scurry(a, "thread", aReply);
        assertThat(printed.lines().toList()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("  ").contains("root by Cara", "[from a peer]", root);
            assertThat(lines.get(1)).startsWith("    ").contains("Bea (", "reply by Bea", bReply);
            assertThat(lines.get(2)).startsWith(">     ").contains("reply by Ann", aReply);
        });

        // chat on A: whois lists both Beas with their ids; thread shows the whole thread
        await().atMost(WAIT).until(() -> a.log().contains("XMPP bot logged in"));
        try (ChatUser ann = ChatUser.login(prosody, "ann", PASSWORD)) {
            String bot = "scurrybot@localhost";
            ann.ask(bot, "whoami", m -> m.startsWith("You are") || m.startsWith("Welcome"));
            String whois = ann.ask(bot, "whois Bea", m -> m.contains("named Bea"));
            assertThat(whois).startsWith("2 feeds are named Bea:").contains(aId, bId, "Another Bea.");
            assertThat(ann.ask(bot, "whois " + bId, m -> m.contains(bId))).startsWith("Bea (" + bId + ")");
            String chatThread = ann.ask(bot, "thread " + aReply, m -> m.startsWith("Thread"));
            assertThat(chatThread)
                    .startsWith("Thread (3):")
                    .contains("root by Cara [from a peer]", "  Bea: reply by Bea", "reply by Ann " + aReply);
            assertThat(ann.ask(bot, "thread nonsense", m -> m.startsWith("Usage")))
                    .contains("thread ENTRY_ID");
        }
    }

    private GatewayProcess start(String name, List<String> config) throws Exception {
        GatewayProcess.Options o = GatewayProcess.options(dir.resolve(name)).withoutMqtt();
        o.config("scurry.swarm.host=127.0.0.1");
        config.forEach(o::config);
        GatewayProcess g = o.start();
        gateways.add(g);
        return g;
    }

    /** {@code ./scurry ARGS --node URL --data DIR}; asserts exit 0 and returns what it printed. */
    private static String scurry(GatewayProcess g, String... args) throws Exception {
        Map.Entry<Integer, String> r = GatewayProcess.run(command(g, args));
        assertThat(r.getKey())
                .as("./scurry %s:%n%s", String.join(" ", args), r.getValue())
                .isZero();
        return r.getValue();
    }

    private static String scurryFails(GatewayProcess g, String... args) throws Exception {
        Map.Entry<Integer, String> r = GatewayProcess.run(command(g, args));
        assertThat(r.getKey())
                .as("./scurry %s:%n%s", String.join(" ", args), r.getValue())
                .isNotZero();
        return r.getValue();
    }

    private static List<String> command(GatewayProcess g, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                GatewayProcess.root().resolve("scurry").toString(), "--node", g.url(), "--data", g.data.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private HttpResponse<String> get(GatewayProcess g, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(g.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
