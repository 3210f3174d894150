package org.scurry.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The client's command line handling, without a node (the node-facing part is CommandLineIT). */
class ClientTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsEveryCommandAndExitsZero() {
        assertThat(run("help")).isZero();
        assertThat(out())
                .contains("  id ", "  post ", "  follow ", "  unfollow ", "  timeline ", "  feed ", "  peers ");
        assertThat(out())
                .contains("  connect ", "  status ", "  gateway ", "--node URL", "--data DIR", "--token", "--json");
        assertThat(run("post", "--help")).isZero();
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(out()).contains("Usage:");
    }

    @Test
    void unknownCommandsAndBadArgumentsAreUsageErrors() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("unknown command: frobnicate");
        assertThat(run("timeline", "-n", "0")).isEqualTo(2);
        assertThat(run("feed")).isEqualTo(2);
        assertThat(run("follow", "a", "b")).isEqualTo(2);
        assertThat(run("post", "--bogus", "x")).isEqualTo(2);
        assertThat(err()).contains("put -- before text that starts with a dash");
        assertThat(run("--node")).isEqualTo(2);
        assertThat(run("--data", "/tmp", "gateway")).isEqualTo(2);
    }

    @Test
    void accountCommandsCheckTheirArguments() {
        assertThat(run("account")).isEqualTo(2);
        assertThat(err()).contains("add, list, link, passwd or token");
        assertThat(run("account", "frob")).isEqualTo(2);
        assertThat(err()).contains("unknown account subcommand: frob");
        assertThat(run("account", "add")).isEqualTo(2);
        assertThat(err()).contains("scurry account add: needs NAME", "Try: ./scurry account add --help");
        assertThat(run("account", "link", "ada")).isEqualTo(2);
        assertThat(err()).contains("needs --jid JID");
        assertThat(run("account", "add", "ada", "--jid", "a@b")).isEqualTo(2);
        assertThat(run("account", "list", "--as", "ada")).isEqualTo(2);
        assertThat(err()).contains("--as does not apply");
    }

    @Test
    void helpListsTheAccountCommandsAndAs() {
        assertThat(run("help")).isZero();
        assertThat(out())
                .contains("  account add NAME", "  account list", "  account link NAME --jid JID")
                .contains("  account passwd NAME", "  account token NAME", "--as ACCOUNT")
                .doesNotContain("not yet available");
    }

    @Test
    void anUnreachableNodeSaysSoWithExitOne() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        assertThat(run("--node", url, "status")).isEqualTo(1);

        assertThat(err()).contains("cannot reach the Scurry node at " + url + ": is `./scurry gateway` running?");
    }

    @Test
    void globalOptionsMayFollowTheCommand() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        assertThat(run("status", "--node", url)).isEqualTo(1);

        assertThat(err()).contains(url);
    }

    @Test
    void everyCommandHasItsOwnHelpBothWays() {
        List<String> commands = new ArrayList<>();
        for (CommandCatalog.Group g : CommandCatalog.GROUPS) {
            for (CommandCatalog.Entry e : g.commands()) {
                commands.add(e.name());
            }
        }
        commands.addAll(List.of("account add", "account list", "account link", "account passwd", "account token"));
        assertThat(commands).contains("gateway", "post", "account", "help", "completion");
        for (String command : commands) {
            String[] words = command.split(" ");
            List<String> help = new ArrayList<>(List.of("help"));
            help.addAll(List.of(words));
            assertThat(run(help.toArray(String[]::new))).as("help " + command).isZero();
            String viaHelp = out();
            assertThat(viaHelp).as("help " + command).startsWith("Usage: ./scurry " + command);
            List<String> dashHelp = new ArrayList<>(List.of(words));
            dashHelp.add("--help");

            assertThat(run(dashHelp.toArray(String[]::new)))
                    .as(command + " --help")
                    .isZero();
            assertThat(out()).isEqualTo(viaHelp);
        }
        assertThat(run("help", "post")).isZero();
        assertThat(out()).contains("--reply-to=ENTRY_ID", "make it a reply", "--as=ACCOUNT", "TEXT...");
    }

    @Test
    void theListOfCommandsNamesEveryCommandOfTheCatalogWithItsDescription() {
        assertThat(run("help")).isZero();
        for (CommandCatalog.Group g : CommandCatalog.GROUPS) {
            assertThat(out()).contains(g.heading());
            for (CommandCatalog.Entry e : g.commands()) {
                CommandLine command = new CommandLine(e.command().get());
                assertThat(command.getCommandName())
                        .as("the catalog's name of " + e)
                        .isEqualTo(e.name());
                List<CommandLine> listed = command.getSubcommands().isEmpty()
                        ? List.of(command)
                        : List.copyOf(command.getSubcommands().values());
                for (CommandLine c : listed) {
                    String[] description = c.getCommandSpec().usageMessage().description();
                    assertThat(description)
                            .as(c.getCommandName() + "'s description")
                            .isNotEmpty();
                    assertThat(out()).contains("  " + e.name());
                    assertThat(out().replaceAll("\\s+", " ")).as("wrapped").contains(description[0]);
                }
            }
        }
    }

    @Test
    void mistypesAreUsageErrorsThatSayWhatWasMeant() {
        assertThat(run("pots", "hello")).isEqualTo(2);
        assertThat(err()).isEqualTo("scurry: unknown command: pots (did you mean post?)\nTry: ./scurry help\n");
        assertThat(run("timeline", "--befor", "x")).isEqualTo(2);
        assertThat(err()).contains("scurry timeline: unknown option: --befor (did you mean --before?)");
        assertThat(run("--nod", "http://x", "status")).isEqualTo(2);
        assertThat(err()).contains("unknown option: --nod (did you mean --node?)");
        assertThat(run("account", "ad", "ada")).isEqualTo(2);
        assertThat(err()).contains("unknown account subcommand: ad (did you mean add?)");
        assertThat(run("gateway", "--http-prot", "1")).isEqualTo(2);
        assertThat(err()).contains("scurry gateway: unknown option: --http-prot (did you mean --http-port?)");
        assertThat(run("help", "folow")).isEqualTo(2);
        assertThat(err()).contains("unknown command: folow (did you mean follow?)");
        assertThat(run("protect", "maybe")).isEqualTo(2);
        assertThat(err()).contains("protect takes on or off: maybe");
        assertThat(run("post", "--as")).isEqualTo(2);
        assertThat(err()).contains("--as needs a value (ACCOUNT)");
    }

    @Test
    void anArgumentStartingWithAtIsTakenAsItIsNotReadFromAFile() throws IOException {
        Path file = Files.createTempFile("scurry-client-test", ".txt");
        Files.writeString(file, "not a feed id");
        List<String> bodies = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/follows", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"id\":\"@x\",\"entry\":null}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();

            assertThat(run("--node", url, "--token", "t", "follow", "@" + file))
                    .as(err())
                    .isZero();

            assertThat(bodies).singleElement().asString().contains("\"@" + file + "\"");
        } finally {
            server.stop(0);
            Files.delete(file);
        }
    }

    @Test
    void completionForBashNamesEveryCommandAndIsAUsageErrorForAnotherShell() {
        assertThat(run("completion", "bash")).isZero();
        assertThat(out()).contains("complete -F _complete_scurry", "gateway", "timeline", "passwd", "--reply-to");
        assertThat(run("completion", "fish")).isEqualTo(2);
        assertThat(err()).contains("completion is for bash or zsh, not fish");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Client(
                        Map.of(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
