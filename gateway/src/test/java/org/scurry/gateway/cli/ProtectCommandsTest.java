package org.scurry.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.gateway.accounts.AccountStore;
import org.scurry.routes.api.ApiRoutes;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;

/**
 * The protected-feed commands of {@code ./scurry} against a real node, account store and HTTP API:
 * alice protects, bob asks, alice approves, bob reads; carol does not; revoking bob closes later
 * posts to him.
 */
class ProtectCommandsTest {
    private static final String TOKEN = "api-token-for-cli-tests";

    @TempDir
    Path dir;

    private Node node;
    private CamelContext camel;
    private String base;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        node = Node.open(NodeConfig.defaults(dir).withListen("127.0.0.1", 0));
        AccountStore accounts = AccountStore.open(dir, null, AccountStore.Host.of(node));
        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(0);
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        camel.addService(server);
        camel.addRoutes(new ApiRoutes(node, TOKEN, accounts));
        camel.start();
        base = "http://127.0.0.1:" + server.getServer().actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        node.close();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--node", base, "--token", TOKEN));
        all.addAll(List.of(args));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new Client(
                        Map.of(),
                        new PrintStream(o, true, StandardCharsets.UTF_8),
                        new PrintStream(e, true, StandardCharsets.UTF_8))
                .run(all.toArray(String[]::new));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void ownerProtectsApprovesAndRevokesFromTheCommandLine() {
        for (String name : List.of("alice", "bob", "carol")) {
            assertThat(run("account", "add", name)).as(err).isZero();
        }
        assertThat(run("--as", "alice", "protect", "on")).as(err).isZero();
        assertThat(out).contains("protected (epoch 1)");
        assertThat(run("--as", "alice", "protect", "maybe")).isEqualTo(2);

        assertThat(run("--as", "bob", "request", "alice", "it's", "bob"))
                .as(err)
                .isZero();
        assertThat(run("--as", "carol", "follow", "alice")).as(err).isZero(); // asks, without a note
        assertThat(run("--as", "alice", "requests")).isZero();
        assertThat(out).contains("bob").contains("\"it's bob\"").contains("carol");

        assertThat(run("--as", "alice", "approve", "bob")).as(err).isZero();
        assertThat(out).startsWith("approved @");
        assertThat(run("--as", "alice", "deny", "carol")).as(err).isZero();
        assertThat(run("--as", "alice", "requests")).isZero();
        assertThat(out).contains("(no pending requests)");
        assertThat(run("--as", "alice", "post", "only for bob")).isZero();

        assertThat(run("--as", "bob", "timeline")).isZero();
        assertThat(out).contains("[protected] only for bob");
        assertThat(run("--as", "carol", "timeline")).isZero();
        assertThat(out).doesNotContain("only for bob").contains("you are not an approved follower");

        assertThat(run("--as", "alice", "followers")).isZero();
        assertThat(out).contains("bob");
        assertThat(run("--as", "alice", "revoke", "bob")).as(err).isZero();
        assertThat(out).contains("epoch 2");
        assertThat(run("--as", "alice", "post", "after bob left")).isZero();
        assertThat(run("--as", "bob", "timeline")).isZero();
        assertThat(out).contains("only for bob").doesNotContain("after bob left");
        assertThat(run("--as", "alice", "revoke", "bob")).isEqualTo(1);
        assertThat(err).contains("not an approved follower");
    }

    @Test
    void followersWithNoneSaysSoNotThatNobodyIsFollowed() {
        assertThat(run("account", "add", "dana")).as(err).isZero();
        assertThat(run("--as", "dana", "followers")).as(err).isZero();
        assertThat(out).contains("(no approved followers)").doesNotContain("not following");
    }
}
