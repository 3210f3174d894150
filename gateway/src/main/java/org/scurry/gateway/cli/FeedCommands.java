package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.scurry.gateway.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Posting and reading: {@code post}, {@code follow}, {@code unfollow}, {@code following}, {@code
 * timeline}, {@code feed}. With {@code --as ACCOUNT} each speaks for that hosted account.
 */
final class FeedCommands {
    private FeedCommands() {}

    @Command(
            name = "post",
            description = {
                "post TEXT (the words are joined with spaces); prints the new entry id",
                "Put -- before text that starts with a dash: ${ROOT-COMMAND-NAME} post -- -1 for me"
            })
    static final class Post extends ClientCommand {
        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "the words of the post")
        List<String> words;

        @Option(names = "--reply-to", paramLabel = "ENTRY_ID", description = "make it a reply to that entry")
        String replyTo;

        @Override
        protected void run(Call call) {
            String text = String.join(" ", words);
            if (text.isEmpty()) {
                throw new UsageException("needs TEXT");
            }
            ObjectNode body = NodeClient.json().createObjectNode().put("text", text);
            if (replyTo != null) {
                body.put("replyTo", replyTo);
            }
            JsonNode entry = call.node().post("/api/posts", body);
            call.print(entry, entry.path("id").asText());
        }
    }

    @Command(name = "follow", description = "follow a feed, by id or by a display name the node knows")
    static final class Follow extends ClientCommand {
        @Parameters(paramLabel = "FEED_ID|NAME", description = "a feed id (@...) or a display name")
        String who;

        @Override
        protected void run(Call call) {
            JsonNode r = call.node()
                    .post("/api/follows", NodeClient.json().createObjectNode().put("id", who));
            call.print(
                    r,
                    (r.path("entry").isNull() ? "already following " : "following ")
                            + r.path("id").asText()
                            + (r.hasNonNull("name") ? " (" + r.get("name").asText() + ")" : "")
                            + (r.hasNonNull("warning")
                                    ? "\nwarning: " + r.get("warning").asText()
                                    : ""));
        }
    }

    @Command(name = "unfollow", description = "stop following a feed")
    static final class Unfollow extends ClientCommand {
        @Parameters(paramLabel = "FEED_ID|NAME", description = "a feed id (@...) or the name of a followed feed")
        String who;

        @Override
        protected void run(Call call) {
            JsonNode r = call.node().delete("/api/follows/" + NodeClient.encode(who));
            call.print(r, "unfollowed " + r.path("id").asText());
        }
    }

    @Command(name = "following", description = "list the feeds followed")
    static final class Following extends ClientCommand {
        @Override
        protected void run(Call call) {
            JsonNode f = call.node().get("/api/follows");
            if (call.json()) {
                call.out().println(f);
            } else {
                call.printer().follows(f.path("follows"));
            }
        }
    }

    @Command(name = "timeline", description = "newest entries of the node and the feeds it follows")
    static final class Timeline extends ClientCommand {
        @Option(
                names = "-n",
                paramLabel = "N",
                converter = Count.class,
                defaultValue = "20",
                description = "how many entries (default 20, at most 1000)")
        int n;

        @Option(names = "--before", paramLabel = "CURSOR", description = "older than this (printed under a page)")
        String before;

        @Override
        protected void run(Call call) {
            String q = "?limit=" + n + (before == null ? "" : "&before=" + NodeClient.encode(before));
            JsonNode page = call.node().get("/api/timeline" + q);
            if (call.json()) {
                call.out().println(page);
                return;
            }
            call.printer().entries(page.path("entries"));
            if (page.hasNonNull("next")) {
                call.out()
                        .println("(older: " + UsageMessages.program() + " timeline -n " + n + " --before "
                                + page.get("next").asText() + ")");
            }
        }
    }

    @Command(name = "feed", description = "one feed's entries, newest first")
    static final class Feed extends ClientCommand {
        @Parameters(paramLabel = "FEED_ID|NAME", description = "a feed id (@...) or the name of a followed feed")
        String who;

        @Option(
                names = "-n",
                paramLabel = "N",
                converter = Count.class,
                defaultValue = "20",
                description = "how many entries (default 20, at most 1000)")
        int n;

        @Option(names = "--before", paramLabel = "SEQ", description = "entries before this sequence number")
        String before;

        @Override
        protected void run(Call call) {
            String q = "?limit=" + n + (before == null ? "" : "&before=" + NodeClient.encode(before));
            JsonNode page = call.node().get("/api/feeds/" + NodeClient.encode(feedId(call.node(), who)) + q);
            if (call.json()) {
                call.out().println(page);
                return;
            }
            if (page.path("forked").asBoolean()) {
                call.out()
                        .println("warning: this feed is forked: its author signed two different entries with one"
                                + " sequence number; the first seen is kept");
            }
            call.printer().entries(page.path("entries"));
            if (page.hasNonNull("next")) {
                call.out()
                        .println("(older: " + UsageMessages.program() + " feed " + who + " -n " + n + " --before "
                                + page.get("next").asText() + ")");
            }
        }

        /** A feed id as given, or the id of the followed feed with that display name. */
        private static String feedId(NodeClient node, String who) {
            String body = who.startsWith("@") ? who.substring(1) : who;
            if (body.length() == 43 && body.matches("[A-Za-z0-9_-]+")) {
                return who;
            }
            for (JsonNode f : node.get("/api/follows").path("follows")) {
                if (f.hasNonNull("name") && f.get("name").asText().equalsIgnoreCase(who)) {
                    return f.get("id").asText();
                }
            }
            throw new NodeClient.Failure("not a feed id, nor the name of a followed feed: " + who);
        }
    }
}
