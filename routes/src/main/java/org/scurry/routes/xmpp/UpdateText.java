package org.scurry.routes.xmpp;

import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;

/** How an entry reads in a chat message: {@code NAME: text}, or {@code @shortid…: text} for an author without a known name. */
final class UpdateText {
    private UpdateText() {}

    static String of(Node node, Entry e) {
        String author = node.displayName(e.author()).orElse(e.author().shortText() + "…");
        String reply = ChatSession.replyTo(e) ? " (reply)" : "";
        return author + reply + ": " + ChatSession.postText(e);
    }
}
