package org.scurry.routes.xmpp;

import java.util.List;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.protect.Protection;

/**
 * The chat commands of protected feeds (docs/protected.md): {@code protect on|off}, {@code
 * request ID|NAME [NOTE]}, {@code requests}, {@code approve ID|NAME}, {@code deny ID|NAME}, {@code
 * revoke ID|NAME}, {@code followers}. An ID is a feed id ({@code @…}) or a request's entry id
 * ({@code ~…}); a NAME a display name the node knows. Throws IllegalArgumentException with a reason
 * fit to show for a refused command; {@link ChatSession} words it.
 */
final class ChatProtection {
    private final Node node;
    private final ScurryWriter writer;

    ChatProtection(Node node, ScurryWriter writer) {
        this.node = node;
        this.writer = writer;
    }

    private Protection protection() {
        return node.protection();
    }

    String handle(XmppAccount account, ChatCommand command) {
        String arg = command.argument();
        return switch (command.verb()) {
            case PROTECT -> protect(account, arg);
            case REQUEST -> request(account, arg);
            case REQUESTS -> arg.isEmpty() ? requests(account) : "Usage: requests (no arguments).";
            case APPROVE -> approve(account, arg);
            case DENY -> deny(account, arg);
            case REVOKE -> revoke(account, arg);
            case FOLLOWERS -> arg.isEmpty() ? followers(account) : "Usage: followers (no arguments).";
            default -> throw new IllegalStateException("not a protection command: " + command.verb());
        };
    }

    private String protect(XmppAccount account, String arg) {
        Protection.Status before = protection().status(account.feed());
        if (arg.isEmpty()) {
            return before.on()
                    ? "Your feed is protected: " + before.followers().size() + " approved follower(s)."
                    : "Your feed is public. Write `protect on` to protect it.";
        }
        boolean on;
        if (arg.equalsIgnoreCase("on")) {
            on = true;
        } else if (arg.equalsIgnoreCase("off")) {
            on = false;
        } else {
            return "Usage: protect on|off.";
        }
        if (protection().setProtected(account.feed(), on).isEmpty()) {
            return on ? "Your feed is already protected." : "Your feed is already public.";
        }
        return on
                ? "Your feed is protected: what you post from now on is readable by approved followers only."
                : "Your feed is public again: what you post from now on is readable by everyone. Earlier"
                        + " protected posts stay protected.";
    }

    private String request(XmppAccount account, String arg) {
        if (arg.isEmpty()) {
            return "Usage: request ID|NAME [NOTE].";
        }
        String[] parts = arg.split("\\s+", 2);
        FeedId owner = node.resolve(account.feed(), parts[0]);
        String note = parts.length > 1 ? parts[1] : null;
        if (!node.following(account.feed()).contains(owner)) {
            writer.follow(account.feed(), owner.toString());
        }
        protection().request(account.feed(), owner, note);
        return "Asked " + label(owner) + " to let you read their protected posts.";
    }

    private String requests(XmppAccount account) {
        List<Protection.Request> pending = protection().requests(account.feed());
        if (pending.isEmpty()) {
            return "No pending follow requests.";
        }
        StringBuilder sb = new StringBuilder(pending.size() + " pending follow request(s):");
        for (Protection.Request r : pending) {
            sb.append("\n  ").append(label(r.from()));
            if (!r.note().isEmpty()) {
                sb.append(": \"").append(r.note()).append('"');
            }
        }
        return sb.append("\nAnswer with `approve ID|NAME` or `deny ID|NAME`.").toString();
    }

    private String approve(XmppAccount account, String arg) {
        if (arg.isEmpty()) {
            return "Usage: approve ID|NAME.";
        }
        Entry grant = arg.startsWith(String.valueOf(EntryId.SIGIL))
                ? protection().approveRequest(account.feed(), EntryId.parse(arg))
                : protection().approveFeed(account.feed(), node.resolve(account.feed(), arg));
        FeedId follower = FeedId.parse(org.scurry.swarm.entry.EntryValidator.checkContent(grant)
                .path("to")
                .asText());
        return "Approved " + label(follower) + ": they can read your protected posts.";
    }

    private String deny(XmppAccount account, String arg) {
        if (arg.isEmpty()) {
            return "Usage: deny ID|NAME.";
        }
        if (arg.startsWith(String.valueOf(EntryId.SIGIL))) {
            protection().deny(account.feed(), EntryId.parse(arg));
        } else {
            protection().denyFeed(account.feed(), node.resolve(account.feed(), arg));
        }
        return "Denied.";
    }

    private String revoke(XmppAccount account, String arg) {
        if (arg.isEmpty()) {
            return "Usage: revoke ID|NAME.";
        }
        FeedId follower = node.resolve(account.feed(), arg);
        protection().revoke(account.feed(), follower);
        return "Revoked " + label(follower) + ": they cannot read what you post from now on.";
    }

    private String followers(XmppAccount account) {
        List<FeedId> followers = protection().status(account.feed()).followers();
        if (followers.isEmpty()) {
            return "You have no approved followers.";
        }
        StringBuilder sb = new StringBuilder(followers.size() + " approved follower(s):");
        followers.forEach(f -> sb.append("\n  ").append(label(f)));
        return sb.toString();
    }

    private String label(FeedId feed) {
        return node.displayName(feed).map(n -> n + " (" + feed + ")").orElse(feed.toString());
    }
}
