package org.scurry.swarm.internal.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
        boolean profile = kind.equals(Kind.PROFILE);
        if (!follow && !profile && !kind.equals(Kind.UNFOLLOW)) {
            return null;
        }
        String value;
        try {
            value = topLevelText(entry.content(), profile ? "name" : "feed");
        } catch (IOException e) {
            return null;
        }
        if (value == null) {
            return null;
        }
        if (profile) {
            return value.isBlank() ? null : new Name(value.strip());
        }
        try {
            return new Follow(FeedId.parse(value), follow);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The text value of {@code field} in a JSON object (the last, if repeated: as a tree would keep
     * it), or null when the content is not an object or the field is absent or not text. Throws on
     * malformed JSON. Streams the tokens instead of building a tree: every follow entry a store
     * appends passes here, and a tree of a two-field object cost several times the parse.
     */
    private static String topLevelText(byte[] json, String field) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals(field)) {
                    value = t == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return value;
        }
    }

    /** The case-insensitive lookup key of a display name. */
    static String nameKey(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** One shared parser factory (thread-safe): only tokens are read, no tree is built. */
    final class Json {
        static final JsonFactory FACTORY = new JsonFactory();

        private Json() {}
    }
}
