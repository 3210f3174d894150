package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import org.scurry.gateway.UsageException;

/**
 * The protected-feed commands (docs/protected.md), each one or two calls to the node's API: {@code
 * protect on|off}, {@code request FEED [NOTE]}, {@code requests}, {@code approve ID}, {@code deny
 * ID}, {@code revoke ID}, {@code followers}. With {@code --as ACCOUNT} they act for that account.
 */
final class ProtectCommands {
    private final NodeClient node;
    private final Printer printer;
    private final PrintStream out;
    private final boolean json;

    ProtectCommands(NodeClient node, Printer printer, PrintStream out, boolean json) {
        this.node = node;
        this.printer = printer;
        this.out = out;
        this.json = json;
    }

    void run(String command, Client.Args args) {
        switch (command) {
            case "protect" -> protect(args.one("on|off"));
            case "request" -> request(args.rest());
            case "requests" -> {
                args.noMore();
                JsonNode r = node.get("/api/requests");
                if (json) {
                    out.println(r);
                } else {
                    printer.requests(r.path("requests"));
                }
            }
            case "approve" -> {
                JsonNode r = node.post(
                        "/api/requests/" + NodeClient.encode(args.one("ID|NAME")) + "/approve",
                        NodeClient.json().createObjectNode());
                out.println(
                        json ? r.toString() : "approved " + r.path("follower").asText());
            }
            case "deny" -> {
                JsonNode r = node.post(
                        "/api/requests/" + NodeClient.encode(args.one("ID|NAME")) + "/deny",
                        NodeClient.json().createObjectNode());
                out.println(json ? r.toString() : "denied");
            }
            case "revoke" -> {
                JsonNode r = node.delete("/api/followers/" + NodeClient.encode(args.one("ID|NAME")));
                out.println(
                        json
                                ? r.toString()
                                : "revoked " + r.path("id").asText() + "; new posts use epoch "
                                        + r.path("epoch").asInt() + ", granted to the other followers");
            }
            case "followers" -> {
                args.noMore();
                JsonNode r = node.get("/api/followers");
                if (json) {
                    out.println(r);
                } else {
                    printer.follows(r.path("followers"));
                }
            }
            default -> throw new UsageException("unknown command: " + command);
        }
    }

    private void protect(String onOff) {
        boolean on;
        if (onOff.equals("on")) {
            on = true;
        } else if (onOff.equals("off")) {
            on = false;
        } else {
            throw new UsageException("protect takes on or off: " + onOff);
        }
        JsonNode r =
                node.post("/api/protect", NodeClient.json().createObjectNode().put("on", on));
        if (json) {
            out.println(r);
        } else if (r.path("entry").isNull()) {
            out.println(on ? "already protected" : "already public");
        } else {
            out.println(
                    on
                            ? "protected (epoch " + r.path("epoch").asInt() + "): new posts are for approved"
                                    + " followers only"
                            : "public: new posts are readable by everyone");
        }
    }

    private void request(List<String> rest) {
        if (rest.isEmpty()) {
            throw new UsageException("request needs FEED_ID|NAME");
        }
        ObjectNode body = NodeClient.json().createObjectNode().put("id", rest.get(0));
        if (rest.size() > 1) {
            body.put("note", String.join(" ", rest.subList(1, rest.size())));
        }
        JsonNode r = node.post("/api/requests", body);
        out.println(json ? r.toString() : "asked " + r.path("to").asText() + " for access");
    }
}
