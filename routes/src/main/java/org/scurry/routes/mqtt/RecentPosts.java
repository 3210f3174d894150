package org.scurry.routes.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.json.PostRequest;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;

/**
 * Makes MQTT posts idempotent: a post whose (feed, text, replyTo) equals one the feed published less
 * than {@code window} ago is not posted again. This is what keeps a QoS 1 message that arrives twice
 * (a device re-sending with DUP after a reconnect, a broker redelivering after the gateway lost its
 * connection before PUBACK) from becoming two entries: the MQTT packet id cannot be used for that,
 * as each hop assigns its own and a broker forwards a re-sent message as a new one.
 *
 * <p>The digests are SHA-256 of the request, kept per feed in memory (the newest {@value
 * #MAX_PER_FEED} at most). The first time a feed is seen they are seeded from its newest entries in
 * the store, so the rule also holds across a gateway restart. Limit: the same text posted twice on
 * purpose within the window is also refused; a device that means it sends JSON with any extra field
 * to make the payloads differ, e.g. <code>{"text": "ping", "n": 2}</code>, or waits.
 *
 * <p>{@link #postOnce} is synchronized: the check and the post are one step. Thread-safe.
 */
final class RecentPosts {
    static final int MAX_PER_FEED = 1000;
    private static final int SEED_ENTRIES = 200;

    private final Node node;
    private final Duration window;
    private final Clock clock;
    private final Map<FeedId, Deque<Seen>> byFeed = new HashMap<>();

    private record Seen(String digest, EntryId entry, long at) {}

    /** Thrown when the request is a duplicate; the message is fit to publish. */
    static final class DuplicateException extends IllegalArgumentException {
        DuplicateException(String message) {
            super(message);
        }
    }

    RecentPosts(Node node, Duration window, Clock clock) {
        this.node = node;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Runs {@code post} unless the feed published the same request within the window, in which case
     * it throws {@link DuplicateException} naming the earlier entry.
     */
    synchronized Entry postOnce(FeedId feed, PostRequest request, Supplier<Entry> post) {
        long now = clock.millis();
        Deque<Seen> seen = byFeed.computeIfAbsent(feed, this::seed);
        seen.removeIf(s -> s.at() < now - window.toMillis());
        String digest = digest(
                request.text(),
                request.replyTo() == null ? null : request.replyTo().toString());
        for (Seen s : seen) {
            if (s.digest().equals(digest)) {
                throw new DuplicateException("not posted again: same text as " + s.entry() + ", posted "
                        + Math.max(0, (now - s.at()) / 1000) + " s ago (a repeat within " + window.toSeconds()
                        + " s is taken for a redelivery; add any other JSON field to post it anyway)");
            }
        }
        Entry entry = post.get();
        seen.addLast(new Seen(digest, entry.id(), now));
        while (seen.size() > MAX_PER_FEED) {
            seen.removeFirst();
        }
        return entry;
    }

    private Deque<Seen> seed(FeedId feed) {
        Deque<Seen> seen = new ArrayDeque<>();
        if (!node.holds(feed)) {
            return seen;
        }
        long since = clock.millis() - window.toMillis();
        for (Entry e : node.feed(feed, Long.MAX_VALUE, SEED_ENTRIES)) { // newest first
            if (e.timestamp() < since) {
                break;
            }
            if (Kind.POST.equals(e.kind())) {
                digestOf(e).ifPresent(d -> seen.addFirst(new Seen(d, e.id(), e.timestamp())));
            }
        }
        return seen;
    }

    private static Optional<String> digestOf(Entry post) {
        JsonNode content = EntryJson.content(post);
        if (!content.path("text").isTextual()) {
            return Optional.empty();
        }
        JsonNode replyTo = content.path("replyTo");
        return Optional.of(digest(content.path("text").asText(), replyTo.isTextual() ? replyTo.asText() : null));
    }

    private static String digest(String text, String replyTo) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            if (replyTo != null) {
                sha.update(replyTo.getBytes(StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
