package org.scurry.swarm.entry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

/**
 * The rules an entry's content must meet: strict UTF-8 without a byte order mark, exactly one JSON
 * object (no repeated key at any depth, nothing after it but whitespace), and the fields its kind
 * needs when the kind is known. Each broken rule is an {@link InvalidEntryException} with reason
 * {@code BAD_CONTENT} naming it. Thread-safe.
 *
 * <p>{@link #check} streams the bytes where they lie and builds no tree: every received entry
 * passes here, and decoding to characters and building a tree had cost more than the check.
 * {@link #parse} applies the same rules and returns the tree, for callers that read fields. The
 * two agree by construction (parse runs check first) and a test compares them over mutated inputs.
 */
final class ContentRules {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper TREES = JsonMapper.builder(FACTORY).build();

    private ContentRules() {}

    /** Throws InvalidEntryException(BAD_CONTENT) with the first rule {@code entry}'s content breaks. */
    static void check(Entry entry) {
        entry.readContent((bytes, offset, length) -> {
            check(entry.kind(), bytes, offset, length);
            return null;
        });
    }

    /** {@link #check}, then the content as a tree. */
    static JsonNode parse(Entry entry) {
        return entry.readContent((bytes, offset, length) -> {
            check(entry.kind(), bytes, offset, length);
            try {
                return TREES.readTree(bytes, offset, length);
            } catch (IOException e) {
                // check() parsed the same bytes with the same parser settings
                throw new IllegalStateException("content passed the streaming check but not the tree parse", e);
            }
        });
    }

    /** The rules over {@code length} bytes at {@code offset}, for an entry of {@code kind}. */
    static void check(String kind, byte[] b, int offset, int length) {
        int bad = StrictUtf8.firstError(b, offset, length);
        if (bad >= 0) {
            throw new InvalidEntryException(
                    Reason.BAD_CONTENT, "content is not valid UTF-8: bad sequence at byte " + bad);
        }
        if (length >= 3
                && (b[offset] & 0xff) == 0xef
                && (b[offset + 1] & 0xff) == 0xbb
                && (b[offset + 2] & 0xff) == 0xbf) {
            throw new InvalidEntryException(Reason.BAD_CONTENT, "content must not start with a byte order mark");
        }
        // JSON has no place for a raw NUL (not even in a string), and refusing it here also keeps
        // the parser from taking zero bytes near the start for UTF-16 or UTF-32.
        for (int i = 0; i < length; i++) {
            if (b[offset + i] == 0) {
                throw new InvalidEntryException(
                        Reason.BAD_CONTENT, "content is not valid JSON: a NUL byte at byte " + i);
            }
        }
        Fields wanted = Fields.of(kind);
        try (JsonParser p = FACTORY.createParser(b, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEntryException(Reason.BAD_CONTENT, "content must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren(); // reads every token, so repeated keys inside are still refused
                } else if (name.equals(wanted.text)) {
                    wanted.found = value == JsonToken.VALUE_STRING;
                    wanted.value = wanted.found && wanted.needsValue ? p.getText() : null;
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new InvalidEntryException(Reason.BAD_CONTENT, "content is not valid JSON: unexpected " + t);
            }
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new InvalidEntryException(
                        Reason.BAD_CONTENT, "content is not valid JSON: trailing token " + after + " after the object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidEntryException(Reason.BAD_CONTENT, "content is not valid JSON: " + firstLine(e));
        } catch (IOException e) {
            throw new InvalidEntryException(Reason.BAD_CONTENT, "content is not valid JSON: " + e.getMessage());
        }
        wanted.require(kind, b, offset, length);
    }

    /** The one top-level text field a known kind needs, and what was found for it. */
    private static final class Fields {
        /** The field's name; null when the kind needs none. */
        final String text;
        /** Whether the field's value is parsed further (a feed or entry id), so its text is kept. */
        final boolean needsValue;

        boolean found;
        String value;

        private Fields(String text, boolean needsValue) {
            this.text = text;
            this.needsValue = needsValue;
        }

        static Fields of(String kind) {
            return switch (kind) {
                case Kind.POST -> new Fields("text", false);
                case Kind.FOLLOW, Kind.UNFOLLOW -> new Fields("feed", true);
                case Kind.DELETE -> new Fields("entry", true);
                case Kind.ADDRESS, Kind.HISTORY -> new Fields("address", false);
                default -> new Fields(null, false); // profile fields are optional; unknown kinds are opaque
            };
        }

        void require(String kind, byte[] b, int offset, int length) {
            if (text == null) {
                return;
            }
            if (!found) {
                throw new InvalidEntryException(
                        Reason.BAD_CONTENT, kind + " content needs a string field \"" + text + "\"");
            }
            try {
                switch (kind) {
                    case Kind.FOLLOW, Kind.UNFOLLOW -> FeedId.parse(value);
                    case Kind.DELETE -> EntryId.parse(value);
                    case Kind.HISTORY -> requireCapacity(b, offset, length);
                    default -> {
                        // a string is all a post or an address needs
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidEntryException(Reason.BAD_CONTENT, kind + ": " + e.getMessage());
            }
        }

        /**
         * A history announcement's capacity, read from a tree as it always was (Jackson's own
         * number conversions decide what "a whole number" accepts; announcements are rare).
         */
        private static void requireCapacity(byte[] b, int offset, int length) {
            JsonNode capacity;
            try {
                capacity = TREES.readTree(b, offset, length).get("capacity");
            } catch (IOException e) {
                throw new IllegalStateException("content passed the streaming check but not the tree parse", e);
            }
            if (capacity == null || !capacity.canConvertToLong() || capacity.asLong() < 1) {
                throw new InvalidEntryException(
                        Reason.BAD_CONTENT, "history content needs a whole number \"capacity\" ≥ 1");
            }
        }
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
