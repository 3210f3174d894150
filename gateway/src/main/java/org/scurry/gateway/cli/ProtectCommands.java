package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The protected-feed commands (docs/protected.md), each one or two calls to the node's API: {@code
 * protect on|off}, {@code request FEED [NOTE]}, {@code requests}, {@code approve ID}, {@code deny
 * ID}, {@code revoke ID}, {@code followers}. With {@code --as ACCOUNT} they act for that account.
 */
final class ProtectCommands {
    private ProtectCommands() {}

    /** {@code on} or {@code off}, for {@code protect} (an enum, so that completion offers both). */
    enum OnOff {
        on,
        off;

        static final class Converter implements ITypeConverter<OnOff> {
            @Override
            public OnOff convert(String value) {
                return switch (value) {
                    case "on" -> on;
                    case "off" -> off;
                    default -> throw new TypeConversionException("protect takes on or off: " + value);
                };
            }
        }
    }

    @Command(name = "protect", description = "while on, posts are readable by approved followers only")
    static final class Protect extends ClientCommand {
        @Parameters(
                paramLabel = "on|off",
                converter = OnOff.Converter.class,
                description = "on: protect new posts; off: make them public again")
        OnOff onOff;

        @Override
        protected void run(Call call) {
            boolean on = onOff == OnOff.on;
            JsonNode r = call.node()
                    .post("/api/protect", NodeClient.json().createObjectNode().put("on", on));
            if (call.json()) {
                call.out().println(r);
            } else if (r.path("entry").isNull()) {
                call.out().println(on ? "already protected" : "already public");
            } else {
                call.out()
                        .println(
                                on
                                        ? "protected (epoch " + r.path("epoch").asInt()
                                                + "): new posts are for approved followers only"
                                        : "public: new posts are readable by everyone");
            }
        }
    }

    @Command(name = "request", description = "follow a protected feed and ask its owner for access")
    static final class Request extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FEED_ID|NAME", description = "the protected feed")
        String feed;

        @Parameters(index = "1..*", paramLabel = "NOTE", arity = "0..*", description = "a note for its owner")
        List<String> note;

        @Override
        protected void run(Call call) {
            ObjectNode body = NodeClient.json().createObjectNode().put("id", feed);
            if (note != null && !note.isEmpty()) {
                body.put("note", String.join(" ", note));
            }
            JsonNode r = call.node().post("/api/requests", body);
            call.print(r, "asked " + r.path("to").asText() + " for access");
        }
    }

    @Command(name = "requests", description = "pending follow requests: request id, when, who, note")
    static final class Requests extends ClientCommand {
        @Override
        protected void run(Call call) {
            JsonNode r = call.node().get("/api/requests");
            if (call.json()) {
                call.out().println(r);
            } else {
                call.printer().requests(r.path("requests"));
            }
        }
    }

    @Command(name = "approve", description = "approve a request (its ~id) or a feed (@id or name)")
    static final class Approve extends ClientCommand {
        @Parameters(paramLabel = "ID|NAME", description = "a request id (~...), a feed id (@...) or a name")
        String who;

        @Override
        protected void run(Call call) {
            JsonNode r = call.node()
                    .post(
                            "/api/requests/" + NodeClient.encode(who) + "/approve",
                            NodeClient.json().createObjectNode());
            call.print(r, "approved " + r.path("follower").asText());
        }
    }

    @Command(name = "deny", description = "refuse a pending request")
    static final class Deny extends ClientCommand {
        @Parameters(paramLabel = "ID|NAME", description = "a request id (~...), a feed id (@...) or a name")
        String who;

        @Override
        protected void run(Call call) {
            JsonNode r = call.node()
                    .post(
                            "/api/requests/" + NodeClient.encode(who) + "/deny",
                            NodeClient.json().createObjectNode());
            call.print(r, "denied");
        }
    }

    @Command(
            name = "revoke",
            description = "take an approved follower's access away; later posts use a new key the others get")
    static final class Revoke extends ClientCommand {
        @Parameters(paramLabel = "ID|NAME", description = "the follower's feed id (@...) or name")
        String who;

        @Override
        protected void run(Call call) {
            JsonNode r = call.node().delete("/api/followers/" + NodeClient.encode(who));
            call.print(
                    r,
                    "revoked " + r.path("id").asText() + "; new posts use epoch "
                            + r.path("epoch").asInt() + ", granted to the other followers");
        }
    }

    @Command(name = "followers", description = "approved followers")
    static final class Followers extends ClientCommand {
        @Override
        protected void run(Call call) {
            JsonNode r = call.node().get("/api/followers");
            if (call.json()) {
                call.out().println(r);
            } else {
                call.printer().followers(r.path("followers"));
            }
        }
    }
}
