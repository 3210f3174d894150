package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.scurry.gateway.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./scurry account add|list|link|passwd|token}: each one call to the node's account
 * endpoints. Secrets are printed once, when they are made; the node keeps only their hashes. The
 * account is named after the subcommand, so {@code --as} does not apply.
 */
final class AccountCommands {
    private AccountCommands() {}

    @Command(
            name = "account",
            description = "hosted accounts: add, list, link, passwd, token",
            subcommands = {Add.class, Listing.class, Link.class, Passwd.class, Token.class})
    static final class Account implements Callable<Integer> {
        @Mixin
        GlobalOptions globals;

        @Override
        public Integer call() {
            throw new UsageException("needs a subcommand: add, list, link, passwd or token");
        }
    }

    /** An account subcommand: speaks for the node's operator about one account. */
    abstract static class AccountCommand extends ClientCommand {
        @Override
        protected boolean actsAsAccount() {
            return false;
        }
    }

    @Command(
            name = "add",
            description = {
                "create an account (NAME: 1-32 of a-z 0-9 _ -); prints its id, MQTT password and timeline token,"
                        + " which are shown once"
            })
    static final class Add extends AccountCommand {
        @Parameters(paramLabel = "NAME", description = "the account's name")
        String name;

        @Override
        protected void run(Call call) {
            ObjectNode body = NodeClient.json().createObjectNode().put("name", name);
            JsonNode r = call.node().post("/api/accounts", body);
            if (call.json()) {
                call.out().println(r);
            } else {
                call.printer().newAccount(r, call.node().base());
            }
        }
    }

    @Command(name = "list", description = "the accounts: name, id, linked JID")
    static final class Listing extends AccountCommand {
        @Override
        protected void run(Call call) {
            JsonNode r = call.node().get("/api/accounts");
            if (call.json()) {
                call.out().println(r);
            } else {
                call.printer().accounts(r.path("accounts"));
            }
        }
    }

    @Command(name = "link", description = "link an XMPP address to the account (--jid \"\" unlinks)")
    static final class Link extends AccountCommand {
        @Parameters(paramLabel = "NAME", description = "the account's name")
        String name;

        @Option(names = "--jid", paramLabel = "JID", required = true, description = "a bare JID; \"\" unlinks")
        String jid;

        @Override
        protected void run(Call call) {
            ObjectNode body = NodeClient.json().createObjectNode();
            if (jid.isBlank()) {
                body.putNull("jid");
            } else {
                body.put("jid", jid);
            }
            JsonNode r = call.node().post("/api/accounts/" + NodeClient.encode(name) + "/jid", body);
            call.print(
                    r,
                    r.hasNonNull("jid")
                            ? "account " + name + " is linked to "
                                    + r.get("jid").asText()
                            : "account " + name + " has no linked JID");
        }
    }

    @Command(name = "passwd", description = "a new MQTT password (the old one stops working)")
    static final class Passwd extends AccountCommand {
        @Parameters(paramLabel = "NAME", description = "the account's name")
        String name;

        @Override
        protected void run(Call call) {
            JsonNode r = call.node()
                    .post(
                            "/api/accounts/" + NodeClient.encode(name) + "/password",
                            NodeClient.json().createObjectNode());
            if (call.json()) {
                call.out().println(r);
            } else {
                call.out()
                        .println("new MQTT password for " + name + ": "
                                + r.path("mqttPassword").asText());
                call.out().println("(shown once: the node keeps only a hash of it)");
            }
        }
    }

    @Command(name = "token", description = "a new timeline token (the old feed URL stops working)")
    static final class Token extends AccountCommand {
        @Parameters(paramLabel = "NAME", description = "the account's name")
        String name;

        @Override
        protected void run(Call call) {
            JsonNode r = call.node()
                    .post(
                            "/api/accounts/" + NodeClient.encode(name) + "/token",
                            NodeClient.json().createObjectNode());
            if (call.json()) {
                call.out().println(r);
            } else {
                String token = r.path("timelineToken").asText();
                call.out().println("new timeline token for " + name + ": " + token);
                call.out()
                        .println("timeline feed: "
                                + Printer.timelineUrl(call.node().base(), name, token));
                call.out().println("(shown once: the node keeps only a hash of it)");
            }
        }
    }
}
