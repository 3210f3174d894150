package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import org.scurry.gateway.UsageException;

/**
 * {@code ./scurry account add|list|link|passwd|token}: each one call to the node's account
 * endpoints. Secrets are printed once, when they are made; the node keeps only their hashes.
 */
final class AccountCommands {
    private final NodeClient node;
    private final Printer printer;
    private final PrintStream out;
    private final boolean json;

    AccountCommands(NodeClient node, Printer printer, PrintStream out, boolean json) {
        this.node = node;
        this.printer = printer;
        this.out = out;
        this.json = json;
    }

    void run(Client.Args args) {
        String jid = args.option("--jid");
        List<String> rest = args.rest();
        if (rest.isEmpty()) {
            throw new UsageException("account needs a subcommand: add, list, link, passwd or token");
        }
        String sub = rest.get(0);
        if (jid != null && !sub.equals("link")) {
            throw new UsageException("--jid goes with account link only");
        }
        switch (sub) {
            case "add" -> {
                String name = only(rest, "add NAME");
                ObjectNode body = NodeClient.json().createObjectNode().put("name", name);
                JsonNode r = node.post("/api/accounts", body);
                if (json) {
                    out.println(r);
                } else {
                    printer.newAccount(r, node.base());
                }
            }
            case "list" -> {
                if (rest.size() != 1) {
                    throw new UsageException("account list takes no arguments");
                }
                JsonNode r = node.get("/api/accounts");
                if (json) {
                    out.println(r);
                } else {
                    printer.accounts(r.path("accounts"));
                }
            }
            case "link" -> {
                String name = only(rest, "link NAME --jid JID");
                if (jid == null) {
                    throw new UsageException("account link needs --jid JID (--jid \"\" unlinks)");
                }
                ObjectNode body = NodeClient.json().createObjectNode();
                if (jid.isBlank()) {
                    body.putNull("jid");
                } else {
                    body.put("jid", jid);
                }
                JsonNode r = node.post("/api/accounts/" + NodeClient.encode(name) + "/jid", body);
                out.println(
                        json
                                ? r.toString()
                                : r.hasNonNull("jid")
                                        ? "account " + name + " is linked to "
                                                + r.get("jid").asText()
                                        : "account " + name + " has no linked JID");
            }
            case "passwd" -> {
                String name = only(rest, "passwd NAME");
                JsonNode r = node.post(
                        "/api/accounts/" + NodeClient.encode(name) + "/password",
                        NodeClient.json().createObjectNode());
                if (json) {
                    out.println(r);
                } else {
                    out.println("new MQTT password for " + name + ": "
                            + r.path("mqttPassword").asText());
                    out.println("(shown once: the node keeps only a hash of it)");
                }
            }
            case "token" -> {
                String name = only(rest, "token NAME");
                JsonNode r = node.post(
                        "/api/accounts/" + NodeClient.encode(name) + "/token",
                        NodeClient.json().createObjectNode());
                if (json) {
                    out.println(r);
                } else {
                    String token = r.path("timelineToken").asText();
                    out.println("new timeline token for " + name + ": " + token);
                    out.println("timeline feed: " + Printer.timelineUrl(node.base(), name, token));
                    out.println("(shown once: the node keeps only a hash of it)");
                }
            }
            default -> throw new UsageException(
                    "unknown account subcommand: " + sub + " (add, list, link, passwd, token)");
        }
    }

    private static String only(List<String> rest, String usage) {
        if (rest.size() != 2) {
            throw new UsageException("usage: ./scurry account " + usage);
        }
        return rest.get(1);
    }
}
