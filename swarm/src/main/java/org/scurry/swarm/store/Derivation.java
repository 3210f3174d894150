package org.scurry.swarm.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;

/**
 * State a store derives from entries as they are appended: follow edges from {@code follow} /
 * {@code unfollow} entries and display names from {@code profile} entries. Malformed content of
 * those kinds derives nothing (the entry itself is still stored: it was signed and is part of the
 * chain).
 */
sealed interface Derivation {

    /** {@code follower} now follows (or no longer follows) {@code target}. */
    record Follow(FeedId target, boolean following) implements Derivation {}

    /** The author's display name is now {@code name}. */
    record Name(String name) implements Derivation {}

    /** What {@code entry} changes, or null when it changes nothing. Never throws. */
    static Derivation of(Entry entry) {
        String kind = entry.kind();
        boolean follow = kind.equals(Kind.FOLLOW);
        if (!follow && !kind.equals(Kind.UNFOLLOW) && !kind.equals(Kind.PROFILE)) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(entry.content());
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        if (kind.equals(Kind.PROFILE)) {
            JsonNode name = node.get("name");
            return name != null && name.isTextual() && !name.asText().isBlank()
                    ? new Name(name.asText().strip())
                    : null;
        }
        JsonNode feed = node.get("feed");
        if (feed == null || !feed.isTextual() || !FeedId.looksLikeFeedId(feed.asText())) {
            return null;
        }
        return new Follow(FeedId.parse(feed.asText()), follow);
    }

    /** The case-insensitive lookup key of a display name. */
    static String nameKey(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** One shared mapper: thread-safe once configured. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {}
    }
}
