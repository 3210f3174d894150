package org.scurry.routes.xmpp;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.bridges.search.SearchIndex;
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
    /** How far back {@code since} looks for an account the bot has not heard from since it started. */
    static final java.time.Duration SINCE_FIRST = java.time.Duration.ofDays(1);

    /** Per account, when it last wrote to the bot: what {@code since} counts from. */
    private final java.util.Map<FeedId, Long> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();

    /** Timeline entries read at most to find the posts {@code timeline N} shows. */
    static final int TIMELINE_SCAN = 1000;

    private final Node node;
    private final ScurryWriter writer;
    private final ChatDeliveryPolicy policy;
    private final ChatProtection protectedFeeds;
    private final ChatSocial social;
    private final ChatSearch search;

    ChatSession(Node node, ScurryWriter writer, ChatDeliveryPolicy policy) {
        this(node, writer, policy, null);
    }

    /** As above, answering {@code search} from {@code index} (null: search is off). */
    ChatSession(Node node, ScurryWriter writer, ChatDeliveryPolicy policy, SearchIndex index) {
        this.search = new ChatSearch(node, index);
        this.node = node;
        this.writer = writer;
        this.policy = policy;
        this.protectedFeeds = new ChatProtection(node, writer);
        this.social = new ChatSocial(node);
    }

    /** The answer to send back to the account's JID. */
    String handle(XmppAccount account, ChatCommand command) {
        Long previous = lastSeen.put(account.feed(), System.currentTimeMillis());
        try {
            return switch (command.verb()) {
                case POST -> post(account, command.argument());
                case FOLLOW -> follow(account, command.argument());
                case UNFOLLOW -> unfollow(account, command.argument());
                case FOLLOWING -> command.argument().isEmpty() ? following(account) : usage("following");
                case TIMELINE -> timeline(account, command.argument());
                case SINCE -> command.argument().isEmpty() ? since(account, previous) : usage("since");
                case WHOAMI -> command.argument().isEmpty() ? whoami(account) : usage("whoami");
                case HELP -> ChatReplies.HELP;
                case PROTECT, REQUEST, REQUESTS, APPROVE, DENY, REVOKE, FOLLOWERS -> protectedFeeds.handle(
                        account, command);
                case WHOIS -> social.whois(command.argument());
                case THREAD -> social.thread(account, command.argument());
                case SEARCH -> search.answer(account, command.argument());
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
        List<Entry> entries = newestPosts(account, n, Long.MIN_VALUE);
        if (entries.isEmpty()) {
            return "Your timeline is empty.";
        }
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(sb.length() == 0 ? "" : "\n").append(UpdateText.of(node, e));
        }
        return sb.toString();
    }

    /**
     * The account's {@code n} newest timeline posts it may read: follows, profiles and posts it may
     * not see do not use up the count. Reads at most {@link #TIMELINE_SCAN} entries.
     */
    private List<Entry> newestPosts(XmppAccount account, int n, long after) {
        List<Entry> posts = new java.util.ArrayList<>();
        org.scurry.swarm.TimelineCursor cursor = null;
        int scanned = 0;
        do {
            org.scurry.swarm.TimelinePage page = node.timeline(account.feed(), cursor, TIMELINE_DEFAULT * 10);
            for (Entry stored : page.entries()) {
                if (stored.timestamp() <= after) {
                    return posts; // newest first: the rest is older still
                }
                Entry e = node.read(account.feed(), stored); // protected posts open for approved readers only
                if (Kind.POST.equals(e.kind())
                        && (e.author().equals(account.feed()) || policy.mayDeliver(e, account))
                        && posts.size() < n) {
                    posts.add(e);
                }
            }
            scanned += page.entries().size();
            cursor = page.next();
        } while (posts.size() < n && cursor != null && scanned < TIMELINE_SCAN);
        return posts;
    }

    /**
     * {@code since}: the timeline posts written after the account's previous message to the bot
     * (its last seen moment), oldest first, at most {@link #TIMELINE_MAX}; the last day's when the
     * bot has not heard from it since the gateway started.
     */
    private String since(XmppAccount account, Long previous) {
        long after = previous != null ? previous : System.currentTimeMillis() - SINCE_FIRST.toMillis();
        List<Entry> posts = new java.util.ArrayList<>(newestPosts(account, TIMELINE_MAX + 1, after));
        boolean more = posts.size() > TIMELINE_MAX;
        if (more) {
            posts = posts.subList(0, TIMELINE_MAX);
        }
        String from = previous != null ? "since your last message" : "in the last day";
        if (posts.isEmpty()) {
            return "Nothing new " + from + ".";
        }
        java.util.Collections.reverse(posts);
        StringBuilder sb = new StringBuilder(
                posts.size() + " post(s) " + from + (more ? " (the newest " + TIMELINE_MAX + ")" : "") + ":");
        for (Entry e : posts) {
            sb.append('\n').append(UpdateText.of(node, e));
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
