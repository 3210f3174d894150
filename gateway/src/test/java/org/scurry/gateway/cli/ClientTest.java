package org.scurry.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertThat(err()).contains("usage: ./scurry account add NAME");
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
