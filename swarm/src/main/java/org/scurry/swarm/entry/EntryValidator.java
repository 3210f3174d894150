package org.scurry.swarm.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

/**
 * Checks one entry on its own: signature, content form, kind fields and timestamp. Chain checks
 * (seq follows the head, prev matches) need the feed's head and are done by the {@link
 * org.scurry.swarm.Store} in the same transaction as the append. Thread-safe.
 *
 * <p>Post text length is a local policy applied when posting, not here: a peer with a larger limit
 * must not make our replication of its feed stop.
 */
public final class EntryValidator {
    /** How far in the future an author's timestamp may be (DESIGN.md §3). */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Clock clock;

    public EntryValidator(Clock clock) {
        this.clock = clock;
    }

    public EntryValidator() {
        this(Clock.systemUTC());
    }

    /** Throws InvalidEntryException with the first problem found; returns normally when valid. */
    public void validate(Entry entry) {
        if (!EntryCodec.verifySignature(entry)) {
            throw new InvalidEntryException(
                    Reason.BAD_SIGNATURE,
                    "signature does not verify for " + entry.author().shortText() + " seq " + entry.seq());
        }
        checkTimestamp(entry);
        checkContent(entry);
    }

    /** The checks that need no signature work, for entries signed locally. */
    public void checkTimestamp(Entry entry) {
        long now = clock.millis();
        if (entry.timestamp() > now + MAX_FUTURE_SKEW.toMillis()) {
            throw new InvalidEntryException(
                    Reason.FUTURE_TIMESTAMP,
                    "timestamp " + entry.timestamp() + " is more than 10 minutes ahead of " + now);
        }
    }

    /**
     * Parses the content and checks the fields of known kinds; returns the parsed object. The content
     * must be strict UTF-8 (no byte order mark, no overlong forms or encoded surrogates) holding exactly
     * one JSON object and nothing after it.
     */
    public static JsonNode checkContent(Entry entry) {
        String text = strictUtf8(entry.content());
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw new InvalidEntryException(Reason.BAD_CONTENT, "content must not start with a byte order mark");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new InvalidEntryException(Reason.BAD_CONTENT, "content is not valid JSON: " + firstLine(e));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEntryException(Reason.BAD_CONTENT, "content must be a JSON object");
        }
        switch (entry.kind()) {
            case Kind.POST -> requireText(node, "text", entry);
            case Kind.FOLLOW, Kind.UNFOLLOW -> requireFeedId(node, "feed", entry);
            case Kind.DELETE -> requireEntryId(node, "entry", entry);
            case Kind.ADDRESS -> requireText(node, "address", entry);
            case Kind.HISTORY -> {
                requireText(node, "address", entry);
                JsonNode capacity = node.get("capacity");
                if (capacity == null || !capacity.canConvertToLong() || capacity.asLong() < 1) {
                    throw new InvalidEntryException(
                            Reason.BAD_CONTENT, "history content needs a whole number \"capacity\" ≥ 1");
                }
            }
            case Kind.PROFILE -> {
                // all fields optional
            }
            default -> {
                // unknown kinds are carried opaque
            }
        }
        return node;
    }

    private static String strictUtf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEntryException(Reason.BAD_CONTENT, "content is not valid UTF-8: " + e.getMessage());
        }
    }

    private static void requireText(JsonNode node, String field, Entry entry) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidEntryException(
                    Reason.BAD_CONTENT, entry.kind() + " content needs a string field \"" + field + "\"");
        }
    }

    private static void requireFeedId(JsonNode node, String field, Entry entry) {
        requireText(node, field, entry);
        try {
            FeedId.parse(node.get(field).asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidEntryException(Reason.BAD_CONTENT, entry.kind() + ": " + e.getMessage());
        }
    }

    private static void requireEntryId(JsonNode node, String field, Entry entry) {
        requireText(node, field, entry);
        try {
            EntryId.parse(node.get(field).asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidEntryException(Reason.BAD_CONTENT, entry.kind() + ": " + e.getMessage());
        }
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
