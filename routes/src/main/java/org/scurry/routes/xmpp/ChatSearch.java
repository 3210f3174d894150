package org.scurry.routes.xmpp;

import org.scurry.bridges.search.SearchIndex;
import org.scurry.bridges.search.SearchPage;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;

/**
 * The chat's {@code search WORDS} (docs/search.md): the newest posts the query finds, as the
 * account may read them (its own protected posts and those it was approved for, never others').
 */
final class ChatSearch {
    static final int RESULTS = 5;

    private final Node node;
    private final SearchIndex index; // null: search is off

    ChatSearch(Node node, SearchIndex index) {
        this.node = node;
        this.index = index;
    }

    String answer(XmppAccount account, String words) {
        if (index == null) {
            return "Search is not available on this gateway.";
        }
        if (words.isBlank()) {
            return "Usage: search WORDS (words, \"a phrase\", #tag, @name, -word to leave out). Nothing was posted.";
        }
        SearchPage page = index.search(words, account.feed(), null, RESULTS);
        if (page.entries().isEmpty()) {
            return "Nothing found for " + words.strip() + ".";
        }
        StringBuilder sb = new StringBuilder("Found for " + words.strip() + " (newest first):");
        for (Entry e : page.entries()) {
            sb.append('\n').append(UpdateText.of(node, e));
        }
        if (page.next() != null) {
            sb.append("\n… more: ./scurry search or GET /api/search");
        }
        return sb.toString();
    }
}
