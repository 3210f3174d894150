package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * The launcher as a user runs it: {@code ./scurry gateway} as a separate process, then every client
 * command through {@code ./scurry}, checking what it prints and its exit code. Needs the project
 * packaged (in {@code mvn verify} the package phase has run; otherwise the launcher builds it).
 */
class CommandLineIT {
    private static Path root;

    @TempDir
    Path dir;

    private final List<Gateway> gateways = new ArrayList<>();

    @BeforeAll
    static void findLauncher() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        root = Files.exists(here.resolve("scurry")) ? here : here.getParent();
        assertThat(root.resolve("scurry")).as("the ./scurry launcher").isExecutable();
    }

    @AfterEach
    void stopGateways() throws Exception {
        for (Gateway g : gateways) {
            g.stop();
        }
    }

    @Test
    void everyClientCommandWorksAgainstARunningGateway() throws Exception {
        Gateway node = startGateway("a");
        assertThat(node.log()).contains("Scurry node @").contains("API http://127.0.0.1:" + node.httpPort + "/api");

        Run id = node.scurry("id");
        assertThat(id.exit).isZero();
        assertThat(id.out.trim()).matches("@[A-Za-z0-9_-]{43}");
        String myId = id.out.trim();

        Run post = node.scurry("post", "hello", "swarm");
        assertThat(post.exit).as(post.toString()).isZero();
        assertThat(post.out.trim()).matches("~[A-Za-z0-9_-]{43}");
        Run reply = node.scurry("post", "--reply-to", post.out.trim(), "--", "-a reply");
        assertThat(reply.exit).as(reply.toString()).isZero();

        Run timeline = node.scurry("timeline");
        assertThat(timeline.exit).isZero();
        assertThat(timeline.out)
                .contains("hello swarm")
                .contains(myId.substring(0, 9))
                .contains("-a reply");
        assertThat(timeline.out.indexOf("-a reply")).isLessThan(timeline.out.indexOf("hello swarm"));
        assertThat(node.scurry("timeline", "-n", "1").out).contains("-a reply").doesNotContain("hello swarm");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> node.scurry("search", "swarm").out.contains("hello swarm"));
        assertThat(node.scurry("search", "nowhere").out).contains("(nothing found)");
        Run badSearch = node.scurry("search", "--", "-x");
        assertThat(badSearch.exit).isNotZero();
        assertThat(badSearch.err + badSearch.out).contains("say what to find");

        Run feed = node.scurry("feed", myId, "-n", "5");
        assertThat(feed.exit).isZero();
        assertThat(feed.out).contains("hello swarm");
        assertThat(node.scurry("feed", myId, "--before", "2").out)
                .contains("hello swarm")
                .doesNotContain("-a reply");

        Run json = node.scurry("--json", "feed", myId);
        assertThat(json.out).contains("\"entries\"").contains("\"forked\":false");

        Run status = node.scurry("status");
        assertThat(status.exit).isZero();
        assertThat(status.out).contains(myId).contains("entries:       2").contains("peers:         0");

        String other = FeedId.of(Ed25519Signer.generate().publicKey()).toString();
        Run follow = node.scurry("follow", other);
        assertThat(follow.exit).as(follow.toString()).isZero();
        assertThat(follow.out.trim())
                .as("a node alone (no peer, --no-lan) says nothing will arrive")
                .isEqualTo("following " + other + "\nwarning: this node is alone: nothing will arrive until it"
                        + " links to a peer: ./scurry connect HOST:PORT (LAN discovery is off: another node on"
                        + " this LAN is not found)");
        assertThat(node.scurry("following").out.trim()).isEqualTo(other);
        Run unfollow = node.scurry("unfollow", other);
        assertThat(unfollow.exit).isZero();
        assertThat(unfollow.out.trim()).isEqualTo("unfollowed " + other);
        assertThat(node.scurry("following").out).contains("not following anyone");

        Run peers = node.scurry("peers");
        assertThat(peers.exit).isZero();
        assertThat(peers.out).contains("no peers connected");
        Run connect = node.scurry("connect", "127.0.0.1:" + freePort());
        assertThat(connect.exit).isZero();
        assertThat(connect.out).contains("dialling 127.0.0.1:");
    }

    @Test
    void errorsAreClearWithExitCodes() throws Exception {
        Gateway node = startGateway("a");

        Run tooLong = node.scurry("post", "x".repeat(1001));
        assertThat(tooLong.exit).isEqualTo(1);
        assertThat(tooLong.err).contains("at most 1000 characters").contains("HTTP 400");

        Run wrongToken = run("--node", node.url(), "--token", "guess", "post", "hi");
        assertThat(wrongToken.exit).isEqualTo(1);
        assertThat(wrongToken.err).contains("API token is wrong").contains("HTTP 401");

        Run noToken = run("--node", node.url(), "--data", dir.resolve("empty").toString(), "post", "hi");
        assertThat(noToken.exit).isEqualTo(1);
        assertThat(noToken.err).contains("no API token");

        Run unknownFeed = node.scurry(
                "feed", FeedId.of(Ed25519Signer.generate().publicKey()).toString());
        assertThat(unknownFeed.exit).isEqualTo(1);
        assertThat(unknownFeed.err).contains("HTTP 404");

        Run notFollowed = node.scurry(
                "unfollow", FeedId.of(Ed25519Signer.generate().publicKey()).toString());
        assertThat(notFollowed.exit).isEqualTo(1);
        assertThat(notFollowed.err).contains("not following");

        Run down = run("--node", "http://127.0.0.1:" + freePort(), "status");
        assertThat(down.exit).isEqualTo(1);
        assertThat(down.err)
                .contains("cannot reach the Scurry node at http://127.0.0.1:")
                .contains("./scurry gateway");

        Run usage = node.scurry("timeline", "-n", "lots");
        assertThat(usage.exit).isEqualTo(2);
        assertThat(usage.err).contains("-n must be a whole number");
        assertThat(run("frobnicate").exit).isEqualTo(2);
        Run unknownAccount = node.scurry("post", "--as", "nobody", "hi");
        assertThat(unknownAccount.exit).isEqualTo(1);
        assertThat(unknownAccount.err).contains("no account named nobody").contains("HTTP 404");
        assertThat(node.scurry("account", "add", "Bad Name").err)
                .contains("a-z, 0-9")
                .contains("HTTP 400");

        Run help = run("help");
        assertThat(help.exit).isZero();
        for (String command : List.of(
                "gateway", "id", "post", "follow", "unfollow", "timeline", "feed", "peers", "connect", "status")) {
            assertThat(help.out).contains("  " + command);
        }
    }

    @Test
    void hostedAccountsPostFollowAndSurviveARestart() throws Exception {
        Gateway node = startGateway("a");
        String nodeId = node.scurry("id").out.trim();

        Run add = node.scurry("account", "add", "alice");
        assertThat(add.exit).as(add.toString()).isZero();
        assertThat(add.out)
                .contains("account alice created")
                .containsPattern("id: +@[A-Za-z0-9_-]{43}")
                .containsPattern("MQTT password: +[A-Za-z0-9_-]{32}")
                .containsPattern("timeline token: +[A-Za-z0-9_-]{43}")
                .contains("/timeline/alice.atom?token=")
                .contains("cannot show them again");
        String aliceId = node.scurry("--as", "alice", "id").out.trim();
        assertThat(aliceId).matches("@[A-Za-z0-9_-]{43}").isNotEqualTo(nodeId);
        assertThat(add.out).contains(aliceId);
        Run duplicate = node.scurry("account", "add", "alice");
        assertThat(duplicate.exit).isEqualTo(1);
        assertThat(duplicate.err).contains("already exists").contains("HTTP 409");

        Run post = node.scurry("post", "--as", "alice", "hello", "from", "alice");
        assertThat(post.exit).as(post.toString()).isZero();
        Run feed = node.scurry("feed", aliceId);
        assertThat(feed.out).contains("hello from alice").contains("alice (");
        assertThat(node.scurry("timeline", "--as", "alice").out).contains("hello from alice");
        assertThat(node.scurry("timeline").out).doesNotContain("hello from alice");

        // The gateway serves the account's public feed and its private timeline over HTTP.
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("timeline token: +(\\S+)").matcher(add.out);
        assertThat(m.find()).isTrue();
        String timelineToken = m.group(1);
        HttpResponse<String> atom = httpGet(node.url() + "/feeds/" + aliceId + ".atom");
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(atom.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        assertThat(atom.body()).contains("hello from alice");
        assertThat(httpGet(node.url() + "/feeds/" + aliceId + ".rss").body()).contains("hello from alice");
        HttpResponse<String> timeline = httpGet(node.url() + "/timeline/alice.atom?token=" + timelineToken);
        assertThat(timeline.statusCode()).isEqualTo(200);
        assertThat(timeline.body()).contains("hello from alice");
        assertThat(httpGet(node.url() + "/timeline/alice.atom?token=wrong").statusCode())
                .isEqualTo(401);

        assertThat(node.scurry("--as", "alice", "follow", nodeId).exit).isZero();
        assertThat(node.scurry("following", "--as", "alice").out.trim()).isEqualTo(nodeId);
        assertThat(node.scurry("following").out).contains("not following anyone");
        assertThat(node.scurry("post", "from the node").exit).isZero();
        assertThat(node.scurry("timeline", "--as", "alice").out).contains("from the node");

        assertThat(node.scurry("account", "link", "alice", "--jid", "alice@example.org").out)
                .contains("linked to alice@example.org");
        assertThat(node.scurry("account", "list").out.trim()).isEqualTo("alice  " + aliceId + "  alice@example.org");
        assertThat(node.scurry("account", "passwd", "alice").out)
                .containsPattern("new MQTT password for alice: \\S{32}");
        assertThat(node.scurry("account", "token", "alice").out).contains("new timeline token for alice: ");
        assertThat(node.scurry("--as", "alice", "unfollow", nodeId).out).contains("unfollowed");

        node.stop();
        Gateway again = restartGateway(node);
        assertThat(again.scurry("account", "list").out).contains("alice  " + aliceId);
        assertThat(again.log()).contains("hosting 1 account(s)");
        Run after = again.scurry("post", "--as", "alice", "still here");
        assertThat(after.exit).as(after.toString()).isZero();
        assertThat(again.scurry("feed", aliceId).out).contains("still here").contains("hello from alice");
        assertThat(Files.readString(node.data.resolve("accounts/alice.json"))).doesNotContain("hello");
    }

    @Test
    void aDevicePostsThroughTheEmbeddedBrokerWithItsAccountsMqttPassword() throws Exception {
        Path pub = org.scurry.gateway.mqtt.MosquittoProcess.requirePubBinary();
        int mqtt = freePort();
        Gateway node = startGateway("m", "--mqtt-port", Integer.toString(mqtt));
        Run add = node.scurry("account", "add", "kitchen");
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("MQTT password: +(\\S+)").matcher(add.out);
        assertThat(m.find()).as(add.out).isTrue();
        String kitchen = node.scurry("--as", "kitchen", "id").out.trim();

        Run wrong = runTool(
                pub.toString(),
                "-p",
                Integer.toString(mqtt),
                "-u",
                "kitchen",
                "-P",
                "wrong",
                "-q",
                "1",
                "-t",
                "scurry/post/kitchen",
                "-m",
                "not me");
        assertThat(wrong.exit).isNotZero();
        Run ok = runTool(
                pub.toString(),
                "-p",
                Integer.toString(mqtt),
                "-u",
                "kitchen",
                "-P",
                m.group(1),
                "-q",
                "1",
                "-t",
                "scurry/post/kitchen",
                "-m",
                "21.5 °C");
        assertThat(ok.exit).as(ok.toString()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> node.scurry("feed", kitchen).out.contains("21.5 °C"));
        assertThat(node.scurry("feed", kitchen).out).doesNotContain("not me");
    }

    @Test
    void aPostReachesAFollowerThroughTheSwarmAndTheNodeStopsCleanly() throws Exception {
        Gateway a = startGateway("a");
        Gateway b = startGateway("b", "--peer", "127.0.0.1:" + a.swarmPort);
        String bId = b.scurry("id").out.trim();

        assertThat(a.scurry("follow", bId).exit).isZero();
        assertThat(b.scurry("post", "news from b").exit).isZero();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> a.scurry("timeline").out.contains("news from b"));
        assertThat(a.scurry("peers").out).contains(bId.substring(0, 9));

        b.stop();
        assertThat(b.process.exitValue()).isIn(0, 130, 143);
        assertThat(b.log()).contains("stopped");
    }

    @Test
    void aFollowRequestReachesAnOwnerOnAnotherGateway() throws Exception {
        Gateway a = startGateway("a");
        Gateway b = startGateway("b", "--peer", "127.0.0.1:" + a.swarmPort);
        assertThat(a.scurry("account", "add", "alice").exit).isZero();
        assertThat(b.scurry("account", "add", "bob").exit).isZero();
        String aliceId = a.scurry("--as", "alice", "id").out.trim();
        String bobId = b.scurry("--as", "bob", "id").out.trim();
        assertThat(a.scurry("--as", "alice", "protect", "on").exit).isZero();
        assertThat(a.scurry("--as", "alice", "post", "for approved eyes only").exit)
                .isZero();

        Run request = b.scurry("--as", "bob", "request", aliceId, "bob from the other gateway");
        assertThat(request.exit).as(request.toString()).isZero();
        // Nobody on gateway a follows bob: his feed, and his request in it, come because of the hint.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> a.scurry("--as", "alice", "requests").out.contains("bob from the other gateway"));
        assertThat(a.scurry("--as", "alice", "requests").out).contains(bobId.substring(0, 9));
        Run approve = a.scurry("--as", "alice", "approve", bobId);
        assertThat(approve.exit).as(approve.toString()).isZero();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> b.scurry("--as", "bob", "timeline").out.contains("for approved eyes only"));
        assertThat(b.scurry("timeline").out).doesNotContain("for approved eyes only");
    }

    @Test
    void helpCompletionAndMistypesThroughTheLauncher() throws Exception {
        Run help = run("help", "post");
        assertThat(help.exit).isZero();
        assertThat(help.out)
                .startsWith("Usage: ./scurry post [OPTIONS] TEXT...")
                .contains("--reply-to=ENTRY_ID");
        Run dashHelp = run("post", "--help");
        assertThat(dashHelp.exit).isZero();
        assertThat(dashHelp.out).isEqualTo(help.out);
        Run gatewayHelp = run("gateway", "--help");
        assertThat(gatewayHelp.exit).isZero();
        assertThat(gatewayHelp.out).contains("--peer=HOST:PORT", "--role=ROLE", "docs/configuration.md");

        Run mistyped = run("pots", "hello");
        assertThat(mistyped.exit).isEqualTo(2);
        assertThat(mistyped.err).isEqualTo("scurry: unknown command: pots (did you mean post?)\nTry: ./scurry help\n");
        Run badOption = run("feed", "@x", "--befor", "3");
        assertThat(badOption.exit).isEqualTo(2);
        assertThat(badOption.err).contains("scurry feed: unknown option: --befor (did you mean --before?)");

        Run completion = run("completion", "bash");
        assertThat(completion.exit).isZero();
        Path script = dir.resolve("scurry.bash");
        Files.writeString(script, completion.out);
        // Bash itself runs the script: what it offers after TAB for a few command lines.
        String offered = runTool(
                        "bash",
                        "-c",
                        "source \"$1\"; compopt() { :; }\n"
                                + "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\";"
                                + " COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _complete_scurry; echo \"$*|${COMPREPLY[*]}\"; }\n"
                                + "t ./scurry po; t scurry account ''; t scurry protect ''; t scurry gateway --role '';"
                                + " t scurry post --rep; t scurry ''",
                        "bash",
                        script.toString())
                .out;
        assertThat(offered.lines())
                .contains(
                        "./scurry po|post",
                        "scurry account |add list link passwd token",
                        "scurry protect |on off",
                        "scurry gateway --role |client history",
                        "scurry post --rep|--reply-to");
        assertThat(offered.lines()
                        .filter(l -> l.startsWith("scurry |"))
                        .findFirst()
                        .orElseThrow())
                .contains("gateway", "id", "timeline", "account", "help", "completion");
    }

    @Test
    void aMisspeltSettingStopsTheGatewayBeforeItStartsAnything() throws Exception {
        Path config = dir.resolve("node.properties");
        Files.writeString(config, "# my node\nscurry.htpp.port=8480\nscurry.network=friends\n");
        Path data = dir.resolve("never");

        Run r = run("gateway", "--config", config.toString(), "--data", data.toString(), "--mqtt-port", "0");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err)
                .isEqualTo("scurry gateway: unknown setting scurry.htpp.port in " + config
                        + " line 2: did you mean scurry.http.port?\nTry: ./scurry gateway --help\n");
        assertThat(data).as("nothing was started").doesNotExist();

        Run property = run(
                Map.of("SCURRY_JAVA_OPTS", "-Dscurry.http.port=9000"),
                "gateway",
                "--data",
                data.toString(),
                "--mqtt-port",
                "0");
        assertThat(property.exit).isEqualTo(2);
        assertThat(property.err).contains("-Dscurry.http.port is not read: settings go in the --config file");
        assertThat(data).doesNotExist();
    }

    @Test
    void aCamelSettingCamelRefusesIsAConfigurationErrorInCamelsWords() throws Exception {
        Path config = dir.resolve("camel.properties");
        Files.writeString(config, "camel.main.nmae=x\n");

        Run r = run(
                "gateway",
                "--no-lan",
                "--config",
                config.toString(),
                "--data",
                dir.resolve("c").toString(),
                "--http-port",
                Integer.toString(freePort()),
                "--swarm-port",
                "0",
                "--mqtt-port",
                "0",
                "--management-port",
                "0");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err)
                .contains("scurry gateway: Camel refused a camel.* setting: ")
                .contains("nmae");
        assertThat(r.err).as("no stack trace").doesNotContain("\tat org.apache");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The same data directory again (on fresh ports), after {@code old} stopped. */
    private Gateway restartGateway(Gateway old) throws Exception {
        return startGateway(old.data.getFileName().toString());
    }

    private Gateway startGateway(String name, String... extra) throws Exception {
        Path data = dir.resolve(name);
        int http = freePort();
        int swarm = freePort();
        List<String> cmd = new ArrayList<>(List.of(
                "./scurry",
                "gateway",
                "--no-lan", // outside a namespace: nothing on the real LAN
                "--data",
                data.toString(),
                "--http-port",
                Integer.toString(http),
                "--swarm-port",
                Integer.toString(swarm),
                "--mqtt-port",
                "0",
                "--management-port",
                "0"));
        cmd.addAll(List.of(extra));
        Path log = dir.resolve(name + "-" + gateways.size() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove(DataDir.ENV);
        Gateway g = new Gateway(data, http, swarm, log, pb.start());
        gateways.add(g);
        HttpClient http1 = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(g.process.isAlive())
                            .as("gateway %s died:%n%s", name, g.log())
                            .isTrue();
                    try {
                        return http1.send(
                                                HttpRequest.newBuilder(URI.create(g.url() + "/api/status"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> g.log().contains("is up"));
        return g;
    }

    private static HttpResponse<String> httpGet(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Run run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    /** {@code ./scurry ARGS} with these environment variables added. */
    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("./scurry");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
        pb.environment().remove(DataDir.ENV);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("./scurry %s finished", String.join(" ", args))
                .isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs another program (not the launcher) to its end. */
    private static Run runTool(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        return new Run(p.exitValue(), out, "");
    }

    private record Run(int exit, String out, String err) {}

    private final class Gateway {
        final Path data;
        final int httpPort;
        final int swarmPort;
        final Path logFile;
        final Process process;

        Gateway(Path data, int httpPort, int swarmPort, Path logFile, Process process) {
            this.data = data;
            this.httpPort = httpPort;
            this.swarmPort = swarmPort;
            this.logFile = logFile;
            this.process = process;
        }

        String url() {
            return "http://127.0.0.1:" + httpPort;
        }

        /** {@code ./scurry --node URL --data DIR ARGS...}. */
        Run scurry(String... args) throws Exception {
            List<String> all = new ArrayList<>(List.of("--node", url(), "--data", data.toString()));
            all.addAll(List.of(args));
            return run(all.toArray(String[]::new));
        }

        String log() throws IOException {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        }

        /** SIGTERM, as Ctrl-C or a service manager would send; kill -9 only if it hangs. */
        void stop() throws Exception {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("gateway did not stop within 30 s of SIGTERM:\n" + log());
            }
        }
    }
}
