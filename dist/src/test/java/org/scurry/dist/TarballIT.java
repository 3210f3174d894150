package org.scurry.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.routes.xmpp.ChatUser;
import org.scurry.routes.xmpp.ProsodyServer;

/**
 * The .tar.gz as someone who downloads it uses it: unpacked into an empty directory, then {@code
 * bin/scurry gateway} and the client commands run from there, with no JAVA_HOME and only system
 * directories on the PATH. The gateway is driven through the parts that load the most of the Java
 * runtime (HTTP API, Atom, the embedded MQTT broker with mosquitto_pub, the XMPP bot over StartTLS
 * to a real Prosody, hosted accounts' encrypted keys), so a JDK module missing from the jlink-ed
 * runtime fails here rather than on a user's server.
 */
class TarballIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void tarballHoldsALauncherJarsAndAJavaRuntimeThatIsNotAJdk() throws IOException {
        Path home = unpack();
        assertThat(home.resolve("bin/scurry")).isExecutable();
        assertThat(home.resolve("runtime/bin/java")).isExecutable();
        assertThat(home.resolve("runtime/lib/jspawnhelper")).isExecutable();
        assertThat(home.resolve("runtime/lib/server/classes.jsa"))
                .as("the CDS archive")
                .isRegularFile();
        assertThat(home.resolve("runtime/bin/javac")).doesNotExist();
        String modules = Files.readAllLines(home.resolve("runtime/release")).stream()
                .filter(l -> l.startsWith("MODULES="))
                .findFirst()
                .orElseThrow();
        assertThat(modules).contains("java.base", "java.sql", "jdk.crypto.ec", "jdk.unsupported");
        assertThat(modules).doesNotContain("jdk.compiler", "jdk.jlink", "jdk.jdeps");
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("scurry-gateway-"))
                    .anyMatch(n -> n.startsWith("h2-"))
                    .allMatch(n -> n.endsWith(".jar"));
        }
        assertThat(home.resolve("config/application.properties")).isRegularFile();
        assertThat(home.resolve("config/gateway.properties")).isRegularFile();
        assertThat(home.resolve("config/history.properties")).isRegularFile();
        assertThat(home.resolve("systemd/scurry@.service")).isRegularFile();
        assertThat(home.resolve("docs/install.md")).isRegularFile();
        assertThat(Files.readString(home.resolve("share/bash-completion/completions/scurry")))
                .contains("complete -F _complete_scurry", "timeline", "--reply-to");
        // The launcher tells the command line its name: help and hints say `scurry`, not `./scurry`.
        assertThat(Cmd.run(home.resolve("bin/scurry").toString(), "help", "post")
                        .ok()
                        .out())
                .startsWith("Usage: scurry post [OPTIONS] TEXT...");
    }

    @Test
    void unpackedTarballRunsAGatewayOnItsOwnRuntime() throws Exception {
        Artifacts.requireProgram("/usr/bin/mosquitto_pub", "mosquitto-clients");
        Path home = unpack();
        Path data = dir.resolve("node");
        int mqttPort = freePort();
        try (ProsodyServer prosody = ProsodyServer.create(dir.resolve("prosody"), "localhost")) {
            prosody.register("scurry", "bot-pw");
            prosody.register("alice", "alice-pw");
            prosody.start();
            Path config = dir.resolve("gateway.properties");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "scurry.swarm.port=" + freePort(),
                            "scurry.mqtt.port=" + mqttPort,
                            "scurry.xmpp.enabled=true",
                            "scurry.xmpp.host=127.0.0.1",
                            "scurry.xmpp.port=" + prosody.port(),
                            "scurry.xmpp.domain=localhost",
                            "scurry.xmpp.password=bot-pw",
                            "scurry.xmpp.tls.accept-self-signed=true",
                            ""));
            try (TreeGateway gateway = TreeGateway.start(home, data, freePort(), dir, "--config", config.toString())) {
                JsonNode status = JSON.readTree(gateway.awaitServing());
                String id = status.path("id").asText();
                assertThat(id).startsWith("@");
                assertThat(gateway.executable())
                        .as("the JVM serving the API is the distribution's, not a system JDK")
                        .isEqualTo(home.resolve("runtime/bin/java").toRealPath());

                Cmd.Result post =
                        gateway.scurry("post", "hello from the tarball").ok();
                assertThat(post.out().trim()).matches("~[A-Za-z0-9_-]{43}");
                assertThat(gateway.scurry("timeline").ok().out()).contains("hello from the tarball");
                HttpResponse<String> atom = get(gateway.api() + "/feeds/" + id + ".atom");
                assertThat(atom.statusCode()).isEqualTo(200);
                assertThat(atom.body()).contains("<feed").contains("hello from the tarball");

                // A hosted account (its key encrypted under a new master key) posts over MQTT.
                JsonNode kitchen = JSON.readTree(gateway.scurry("--json", "account", "add", "kitchen")
                        .ok()
                        .out());
                Cmd.run(
                                "/usr/bin/mosquitto_pub",
                                "-h",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(mqttPort),
                                "-u",
                                "kitchen",
                                "-P",
                                kitchen.path("mqttPassword").asText(),
                                "-q",
                                "1",
                                "-t",
                                "scurry/post/kitchen",
                                "-m",
                                "21.5 degrees")
                        .ok();
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(gateway.scurry("--as", "kitchen", "timeline")
                                        .ok()
                                        .out())
                                .contains("21.5 degrees"));

                // The chat bot logs in over StartTLS and posts what a linked JID writes.
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> gateway.logText().contains("XMPP bot logged in as"));
                gateway.scurry("account", "add", "alice").ok();
                gateway.scurry("account", "link", "alice", "--jid", "alice@localhost")
                        .ok();
                try (ChatUser alice = ChatUser.login(prosody, "alice", "alice-pw")) {
                    assertThat(alice.ask("scurry@localhost", "whoami", m -> m.contains("alice")))
                            .contains("alice");
                    alice.send("scurry@localhost", "hello over xmpp");
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(gateway.scurry("--as", "alice", "timeline")
                                            .ok()
                                            .out())
                                    .contains("hello over xmpp"));
                }

                int exit = gateway.stop();
                assertThat(exit).as("exit on SIGTERM\n" + gateway.logText()).isIn(0, 143);
                assertThat(gateway.logText()).contains("stopped").doesNotContain("Exception");
            }
        }
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("identity.key", "api-token", "master.key", "store");
        }
    }

    private Path unpack() throws IOException {
        Path into = Files.createDirectories(dir.resolve("unpacked"));
        Cmd.run("tar", "-xzf", Artifacts.tarball().toString(), "-C", into.toString())
                .ok();
        try (Stream<Path> top = Files.list(into)) {
            List<Path> dirs = top.toList();
            assertThat(dirs).as("one top directory").hasSize(1);
            assertThat(dirs.get(0).getFileName().toString()).startsWith("scurry-");
            return dirs.get(0).toRealPath();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
