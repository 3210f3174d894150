package org.scurry.routes.xmpp;

import java.util.List;
import java.util.Set;
import org.scurry.swarm.Conversation;
import org.scurry.swarm.Conversation.Item;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedCounts;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.Profile;

/**
 * The chat commands {@code whois NAME|ID} and {@code thread ENTRY_ID} (docs/xmpp.md). Names are
 * not unique: every answer shows the feed id beside the name, and a name several feeds carry lists
 * them all. A thread is listed in tree order, indented by depth, each line ending with the entry's
 * id so that a reply can be threaded in turn; protected posts open only for the asking account
 * when it may read them, and a post it may not read shows as "(protected)".
 */
final class ChatSocial {
    /** The most thread lines one chat answer carries. */
    static final int THREAD_LINES = 50;

    private final Node node;

    ChatSocial(Node node) {
        this.node = node;
    }

    String whois(String target) {
        if (target.isEmpty()) {
            return "Usage: whois NAME|ID. Nothing was posted.";
        }
        if (FeedId.looksLikeFeedId(target)) {
            return describe(FeedId.parse(target));
        }
        Set<FeedId> named = node.feedsNamed(target);
        if (named.isEmpty()) {
            return "Nobody known here is named " + target + ".";
        }
        if (named.size() == 1) {
            return describe(named.iterator().next());
        }
        StringBuilder sb = new StringBuilder(named.size() + " feeds are named " + target + ":");
        named.stream().sorted().forEach(f -> sb.append("\n\n").append(describe(f)));
        return sb.toString();
    }

    private String describe(FeedId feed) {
        Profile p = node.profile(feed);
        FeedCounts c = node.counts(feed);
        StringBuilder sb = new StringBuilder();
        sb.append(p.name() == null ? "(no name)" : p.name())
                .append(" (")
                .append(feed)
                .append(")");
        if (p.bio() != null) {
            sb.append("\n  ").append(p.bio().replace("\n", "\n  "));
        }
        if (p.link() != null) {
            sb.append("\n  ").append(p.link());
        }
        sb.append("\n  ")
                .append(c.posts())
                .append(" posts held here, follows ")
                .append(c.follows())
                .append(", followers known ")
                .append(c.followers());
        return sb.toString();
    }

    String thread(XmppAccount account, String arg) {
        EntryId id;
        try {
            id = EntryId.parse(arg.strip());
        } catch (IllegalArgumentException e) {
            return "Usage: thread ENTRY_ID (~ and 43 characters, as the API and `./scurry thread` show). Nothing was posted.";
        }
        Conversation thread = node.thread(id);
        List<Item> items = thread.items();
        StringBuilder sb = new StringBuilder("Thread (" + items.size() + (thread.truncated() ? "+" : "") + "):");
        int shown = 0;
        for (Item it : items) {
            if (shown++ == THREAD_LINES) {
                sb.append("\n… ").append(items.size() - THREAD_LINES).append(" more: see ./scurry thread");
                break;
            }
            sb.append("\n").append("  ".repeat(it.depth())).append(line(account, it));
        }
        return sb.toString();
    }

    private String line(XmppAccount account, Item it) {
        if (it.entry() == null) {
            String who = it.author() == null ? "" : " by " + label(it.author());
            return "[not held here, and no peer had it" + who + "] " + it.id();
        }
        var e = node.read(account.feed(), it.entry());
        String text = Kind.POST.equals(e.kind()) ? ChatSession.postText(e) : "(" + e.kind() + ")";
        if (Kind.SEALED.equals(e.kind())) {
            text = "(protected)";
        }
        String marker = it.origin() == Conversation.Origin.FETCHED ? " [from a peer]" : "";
        return label(e.author()) + ": " + text + marker + " " + it.id();
    }

    private String label(FeedId feed) {
        return node.displayName(feed).orElse(feed.shortText() + "…");
    }
}
