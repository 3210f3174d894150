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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.json.PostRequest;
import org.scurry.swarm.Entry;
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
 * purpose within the window is also refused; a device that means it sends JSON with {@code "repeat":
 * true} (the routes then do not ask this class), e.g. <code>{"text": "21.5 °C", "repeat": true}</code>, or waits.
 *
 * <p>{@link #postOnce} is synchronized: the check and the queuing of the post are one step. A post
 * counts as seen from the moment it is queued, before it is durable; if the store then does not keep
 * it, it is forgotten again, so that a redelivery can post it. Thread-safe.
 */
final class RecentPosts {
    static final int MAX_PER_FEED = 1000;
    private static final int SEED_ENTRIES = 200;

    private final Node node;
    private final Duration window;
    private final Clock clock;
    /** Per feed, digest → when it was posted, oldest first (insertion order): a lookup is O(1). */
    private final Map<FeedId, LinkedHashMap<String, Seen>> byFeed = new HashMap<>();

    /** {@code entry} completes with the entry once it is durable. */
    private record Seen(String digest, CompletableFuture<Entry> entry, long at) {
        String describe() {
            Entry e = entry.getNow(null);
            return e != null ? e.id().toString() : "a post still being stored";
        }
    }

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
     * Runs {@code post} (which queues the post and returns its future) unless the feed published the
     * same request within the window, in which case it throws {@link DuplicateException} naming the
     * earlier entry. Returns what {@code post} returned.
     */
    synchronized CompletableFuture<Entry> postOnce(
            FeedId feed, PostRequest request, Supplier<CompletableFuture<Entry>> post) {
        long now = clock.millis();
        LinkedHashMap<String, Seen> seen = byFeed.computeIfAbsent(feed, this::seed);
        for (Iterator<Seen> oldest = seen.values().iterator(); oldest.hasNext(); ) {
            if (oldest.next().at() >= now - window.toMillis()) {
                break;
            }
            oldest.remove();
        }
        String digest = digest(
                request.text(),
                request.replyTo() == null ? null : request.replyTo().toString());
        Seen earlier = seen.get(digest);
        if (earlier != null) {
            throw new DuplicateException("not posted again: same text as " + earlier.describe() + ", posted "
                    + Math.max(0, (now - earlier.at()) / 1000) + " s ago (a repeat within " + window.toSeconds()
                    + " s is taken for a redelivery; send {\"text\": …, \"repeat\": true} to post it anyway)");
        }
        CompletableFuture<Entry> entry = post.get();
        Seen s = new Seen(digest, entry, now);
        seen.put(digest, s);
        if (seen.size() > MAX_PER_FEED) {
            seen.remove(seen.keySet().iterator().next());
        }
        entry.whenComplete((e, failed) -> {
            if (failed != null) {
                forget(feed, s);
            }
        });
        return entry;
    }

    private synchronized void forget(FeedId feed, Seen s) {
        Map<String, Seen> seen = byFeed.get(feed);
        if (seen != null) {
            seen.remove(s.digest(), s);
        }
    }

    private LinkedHashMap<String, Seen> seed(FeedId feed) {
        LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();
        if (!node.holds(feed)) {
            return seen;
        }
        Deque<Seen> oldestFirst = new ArrayDeque<>();
        long since = clock.millis() - window.toMillis();
        for (Entry e : node.feed(feed, Long.MAX_VALUE, SEED_ENTRIES)) { // newest first
            if (e.timestamp() < since) {
                break;
            }
            if (Kind.POST.equals(e.kind())) {
                digestOf(e)
                        .ifPresent(d ->
                                oldestFirst.addFirst(new Seen(d, CompletableFuture.completedFuture(e), e.timestamp())));
            }
        }
        for (Seen s : oldestFirst) {
            seen.remove(s.digest()); // a text posted twice counts from its newest post
            seen.put(s.digest(), s);
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
