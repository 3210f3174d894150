package org.scurry.bridges.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.protect.ProtectException;
import org.scurry.swarm.protect.Protection;

/**
 * An entry as JSON, the shape the HTTP API and MQTT publish (DESIGN.md §9):
 *
 * <pre>
 * {"id": "~…", "author": "@…", "seq": 3, "prev": "~…" | null, "timestamp": 1700000000000,
 *  "kind": "post", "content": {"text": "hello"}, "name": "ada"?}
 * </pre>
 *
 * {@code content} is the entry's content parsed as a JSON object; {@code name} is the author's
 * display name when one is known.
 *
 * <p>Protected entries (docs/protected.md) carry {@code "protected": {"epoch": E, "readable": B}}.
 * Opened for a reader that holds the key, they show the decrypted kind and content with {@code
 * readable: true}; otherwise {@code "kind": "sealed"}, {@code "content": {}} and {@code readable:
 * false}: the ciphertext is never put in the JSON. The JSON is for reading: the signed entry stays the binary one,
 * so nothing here is ever verified or re-signed. Thread-safe.
 */
public final class EntryJson {
    /** A mapper for API bodies: plain, strict on duplicate keys. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private EntryJson() {}

    /** The entry without a display name. */
    public static ObjectNode toJson(Entry entry) {
        return toJson(entry, feed -> Optional.empty());
    }

    /** The entry, with {@code "name"} taken from {@code names} when it knows the author. */
    public static ObjectNode toJson(Entry entry, Function<FeedId, Optional<String>> names) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", entry.id().toString());
        json.put("author", entry.author().toString());
        json.put("seq", entry.seq());
        json.put("prev", entry.prev().map(Object::toString).orElse(null));
        json.put("timestamp", entry.timestamp());
        json.put("kind", entry.kind());
        if (Protection.isSealed(entry)) {
            json.set("content", MAPPER.createObjectNode());
            protectedField(json, epoch(entry), false);
        } else {
            json.set("content", content(entry));
            if (entry.isOpened()) {
                protectedField(json, entry.openedEpoch(), true);
            }
        }
        names.apply(entry.author()).ifPresent(name -> json.put("name", name));
        return json;
    }

    private static void protectedField(ObjectNode json, Integer epoch, boolean readable) {
        ObjectNode p = json.putObject("protected");
        p.put("epoch", epoch);
        p.put("readable", readable);
    }

    private static Integer epoch(Entry sealed) {
        try {
            return Protection.epochOf(sealed);
        } catch (ProtectException e) {
            return null;
        }
    }

    /**
     * The entry's content as a JSON object. Stored entries always hold a JSON object; should one not
     * parse, its text is returned as a JSON string rather than failing the whole response.
     */
    public static JsonNode content(Entry entry) {
        try {
            JsonNode node = MAPPER.readTree(entry.content());
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (IOException e) {
            return MAPPER.getNodeFactory().textNode(entry.contentText());
        }
    }
}
