package org.scurry.routes.xmpp;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.protect.ProtectException;

/**
 * Carries out a {@link ChatCommand} for one account on the node and words the answer. Never
 * throws for bad input: a refused command (an unknown name, a too long post) is answered with the
 * reason. Blocks while the node makes a new entry durable. Posts, follows and unfollows go
 * through the {@code scurry:} producers ({@link ScurryWriter}); reads ask the node.
 */
final class ChatSession {
    static final int TIMELINE_DEFAULT = 5;
    static final int TIMELINE_MAX = 20;

    private final Node node;
    private final ScurryWriter writer;
    private final ChatDeliveryPolicy policy;
    private final ChatProtection protectedFeeds;
    private final ChatSocial social;

    ChatSession(Node node, ScurryWriter writer, ChatDeliveryPolicy policy) {
        this.node = node;
        this.writer = writer;
        this.policy = policy;
        this.protectedFeeds = new ChatProtection(node, writer);
        this.social = new ChatSocial(node);
    }

    /** The answer to send back to the account's JID. */
    String handle(XmppAccount account, ChatCommand command) {
        try {
            return switch (command.verb()) {
                case POST -> post(account, command.argument());
                case FOLLOW -> follow(account, command.argument());
                case UNFOLLOW -> unfollow(account, command.argument());
                case FOLLOWING -> command.argument().isEmpty() ? following(account) : usage("following");
                case TIMELINE -> timeline(account, command.argument());
                case WHOAMI -> command.argument().isEmpty() ? whoami(account) : usage("whoami");
                case HELP -> ChatReplies.HELP;
                case PROTECT, REQUEST, REQUESTS, APPROVE, DENY, REVOKE, FOLLOWERS -> protectedFeeds.handle(
                        account, command);
                case WHOIS -> social.whois(command.argument());
                case THREAD -> social.thread(account, command.argument());
                case MISTYPED -> ChatReplies.mistyped(command.argument(), command.suggestion());
                case UNKNOWN -> ChatReplies.unknown(command.argument());
            };
        } catch (IllegalArgumentException | NoSuchElementException | ProtectException e) {
            return "Refused: " + e.getMessage();
        }
    }

    private String post(XmppAccount account, String text) {
        if (text.isBlank()) {
            return "Usage: post TEXT";
        }
        Entry e = writer.post(account.feed(), text, null);
        return "Posted (" + e.id().toString().substring(0, 10) + "…).";
    }

    private String follow(XmppAccount account, String target) {
        if (target.isEmpty()) {
            return usage("follow");
        }
        FeedId feed = node.resolve(account.feed(), target);
        if (node.following(account.feed()).contains(feed)) {
            return "You already follow " + label(feed) + ".";
        }
        writer.follow(account.feed(), feed.toString());
        return "Now following " + label(feed) + ". Their posts will arrive here.";
    }

    private String unfollow(XmppAccount account, String target) {
        if (target.isEmpty()) {
            return usage("unfollow");
        }
        FeedId feed = node.resolve(account.feed(), target);
        writer.unfollow(account.feed(), feed.toString());
        return "Stopped following " + label(feed) + ".";
    }

    private String following(XmppAccount account) {
        Set<FeedId> feeds = node.following(account.feed());
        if (feeds.isEmpty()) {
            return "You follow nobody yet. Write `follow ID` to start.";
        }
        StringBuilder sb = new StringBuilder("You follow " + feeds.size() + ":");
        feeds.stream().sorted().forEach(f -> sb.append("\n  ").append(label(f)));
        return sb.toString();
    }

    private String timeline(XmppAccount account, String arg) {
        int n = TIMELINE_DEFAULT;
        if (!arg.isEmpty()) {
            if (!arg.matches("\\d{1,4}") || Integer.parseInt(arg) < 1) {
                return usage("timeline");
            }
            n = Math.min(Integer.parseInt(arg), TIMELINE_MAX);
        }
        List<Entry> entries = node.timeline(account.feed(), null, n).entries().stream()
                .map(e -> node.read(account.feed(), e)) // protected posts open for approved readers only
                .filter(e -> Kind.POST.equals(e.kind()))
                .filter(e -> e.author().equals(account.feed()) || policy.mayDeliver(e, account))
                .toList();
        if (entries.isEmpty()) {
            return "Your timeline is empty.";
        }
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(sb.length() == 0 ? "" : "\n").append(UpdateText.of(node, e));
        }
        return sb.toString();
    }

    private String whoami(XmppAccount account) {
        return "You are " + account.name() + ", feed " + account.feed() + ", linked to " + account.jid()
                + "; following " + node.following(account.feed()).size() + ".";
    }

    private String label(FeedId feed) {
        return node.displayName(feed).map(n -> n + " (" + feed + ")").orElse(feed.toString());
    }

    private static String usage(String word) {
        String shape =
                switch (word) {
                    case "follow" -> "follow ID|NAME";
                    case "unfollow" -> "unfollow ID|NAME";
                    case "timeline" -> "timeline [N], N from 1 to " + TIMELINE_MAX;
                    default -> word + " (no arguments)";
                };
        return "Usage: " + shape + ". Nothing was posted; to post this text, start it with `post `.";
    }

    static boolean replyTo(Entry e) {
        return EntryValidator.checkContent(e).hasNonNull("replyTo");
    }

    /** The text of a post entry, "" for others. */
    static String postText(Entry e) {
        return EntryValidator.checkContent(e).path("text").asText("");
    }
}
