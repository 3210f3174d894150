package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code search WORDS}: the posts the node holds that the words find, newest first
 * (docs/search.md). The command line sends the API token, so the node's own protected posts (or
 * {@code --as ACCOUNT}'s, and those it was approved for) are found too.
 */
@Command(
        name = "search",
        description = {
            "search the posts the node holds: words, \"a phrase\", #tag, @name, -word to leave out",
            "Quote a phrase for the shell too: ${ROOT-COMMAND-NAME} search '\"wet sunday\"' #rain"
        })
final class SearchCommand extends ClientCommand {
    @Parameters(paramLabel = "WORDS", arity = "1..*", description = "what to find (joined with spaces)")
    List<String> words;

    @Option(
            names = "-n",
            paramLabel = "N",
            converter = Count.class,
            defaultValue = "20",
            description = "how many posts (default 20, at most 100)")
    int n;

    @Option(names = "--before", paramLabel = "CURSOR", description = "older than this (printed under a page)")
    String before;

    @Override
    protected void run(Call call) {
        String q = String.join(" ", words);
        String query = "?q=" + NodeClient.encode(q) + "&limit=" + n
                + (before == null ? "" : "&before=" + NodeClient.encode(before));
        JsonNode page = call.node().get("/api/search" + query);
        if (call.json()) {
            call.out().println(page);
            return;
        }
        if (page.path("entries").isEmpty()) {
            call.out().println("(nothing found)");
            return;
        }
        call.printer().entries(page.path("entries"));
        if (page.hasNonNull("next")) {
            call.out()
                    .println("(older: " + UsageMessages.program() + " search -n " + n + " --before "
                            + page.get("next").asText() + " -- " + q + ")");
        }
    }
}
