package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.scurry.gateway.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Profiles and threads: {@code profile} (show or set) and {@code thread ENTRY_ID}. With {@code --as
 * ACCOUNT} a profile shown or set is that hosted account's.
 */
final class SocialCommands {
    private SocialCommands() {}

    @Command(
            name = "profile",
            description = {
                "show a profile (yours, or FEED_ID|NAME's), or set yours: --name, --bio, --link",
                "Fields not given keep their value; an empty value (--bio \"\") clears one."
            })
    static final class Profile extends ClientCommand {
        @Parameters(
                paramLabel = "FEED_ID|NAME",
                arity = "0..1",
                description = "whose profile to show (default: the node's own, or --as ACCOUNT's)")
        String who;

        @Option(names = "--name", paramLabel = "NAME", description = "display name, at most 64 characters")
        String name;

        @Option(names = "--bio", paramLabel = "BIO", description = "a few words about you, at most 500 characters")
        String bio;

        @Option(names = "--link", paramLabel = "URL", description = "an http:// or https:// link")
        String link;

        @Override
        protected void run(Call call) {
            boolean set = name != null || bio != null || link != null;
            if (set && who != null) {
                throw new UsageException("a profile is set for yourself (or --as ACCOUNT), not for " + who);
            }
            JsonNode profile;
            JsonNode answer;
            if (set) {
                ObjectNode body = NodeClient.json().createObjectNode();
                putIfGiven(body, "name", name);
                putIfGiven(body, "bio", bio);
                putIfGiven(body, "link", link);
                answer = call.node().post("/api/profile", body);
                profile = answer.path("profile");
            } else {
                String id = who != null
                        ? who
                        : call.node().get("/api/status").path("id").asText();
                answer = call.node().get("/api/profiles/" + NodeClient.encode(id));
                profile = answer;
            }
            if (call.json()) {
                call.out().println(answer);
                return;
            }
            if (set) {
                call.out()
                        .println("profile updated (entry "
                                + answer.path("entry").path("id").asText() + ")");
            }
            print(call, profile);
        }

        private static void putIfGiven(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }

        private static void print(Call call, JsonNode p) {
            var out = call.out();
            out.println("name:       " + p.path("name").asText("(none)"));
            out.println("id:         " + p.path("id").asText());
            if (p.hasNonNull("account")) {
                out.println("account:    " + p.get("account").asText() + " (hosted on this node)");
            }
            out.println("bio:        " + p.path("bio").asText("(none)").replace("\n", "\n            "));
            out.println("link:       " + p.path("link").asText("(none)"));
            JsonNode c = p.path("counts");
            out.println("posts:      " + c.path("posts").asLong() + " held here ("
                    + c.path("entries").asLong() + " entries)");
            out.println("follows:    " + c.path("follows").asLong());
            out.println("followers:  " + c.path("followers").asLong() + " known here");
        }
    }

    @Command(
            name = "thread",
            description = {
                "the thread an entry is part of: the root and every reply held, indented by depth",
                "A parent not held is asked of peers; one nobody has is shown as missing."
            })
    static final class Thread extends ClientCommand {
        @Parameters(
                paramLabel = "ENTRY_ID",
                description = "an entry id (~...), as post, timeline --json or the API show")
        String id;

        @Override
        protected void run(Call call) {
            JsonNode t = call.node().get("/api/entries/" + NodeClient.encode(id) + "/thread");
            if (call.json()) {
                call.out().println(t);
                return;
            }
            String asked = t.path("asked").asText();
            for (JsonNode e : t.path("entries")) {
                String indent = "  ".repeat(e.path("depth").asInt());
                String mark = e.path("id").asText().equals(asked) ? "> " : "  ";
                String line;
                if (e.path("missing").asBoolean()) {
                    line = "[missing: not held here and no peer had it"
                            + (e.hasNonNull("author")
                                    ? ", by " + Printer.who(e.get("author").asText(), e.path("name"))
                                    : "")
                            + "]";
                } else {
                    line = call.printer().line(e)
                            + ("fetched".equals(e.path("origin").asText()) ? "  [from a peer]" : "");
                }
                call.out().println(mark + indent + line + "  " + e.path("id").asText());
            }
            if (t.path("truncated").asBoolean()) {
                call.out().println("(more replies than one answer lists were left out)");
            }
        }
    }
}
