package org.scurry.bridges.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.scurry.swarm.EntryId;

/**
 * What someone asks to post: text and an optional entry it replies to. Parsed from the JSON
 * {@code {"text": "…", "replyTo": "~…"?}} that the HTTP API and MQTT accept. Length limits are
 * the node's to check ({@link org.scurry.swarm.Node#post}); this only checks the shape.
 *
 * @param text the post text, never null
 * @param replyTo the entry replied to, or null
 */
public record PostRequest(String text, EntryId replyTo) {

    /**
     * Parses a JSON body. Throws {@link IllegalArgumentException} with a message fit to show when
     * the body is not JSON, not an object, lacks a string {@code text}, or has a malformed {@code
     * replyTo}.
     */
    public static PostRequest parseJson(byte[] body) {
        JsonNode json = readObject(body);
        JsonNode text = json.get("text");
        if (text == null || text.isNull()) {
            throw new IllegalArgumentException("\"text\" is required");
        }
        if (!text.isTextual()) {
            throw new IllegalArgumentException("\"text\" must be a string");
        }
        JsonNode replyTo = json.get("replyTo");
        EntryId reply = null;
        if (replyTo != null && !replyTo.isNull()) {
            if (!replyTo.isTextual()) {
                throw new IllegalArgumentException("\"replyTo\" must be an entry id string");
            }
            reply = EntryId.parse(replyTo.asText());
        }
        return new PostRequest(text.asText(), reply);
    }

    /**
     * Reads a JSON object; throws {@link IllegalArgumentException} ("malformed JSON: …") when the
     * bytes are empty, not JSON or not an object.
     */
    public static JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("malformed JSON: the request body is empty");
        }
        JsonNode json;
        try {
            json = EntryJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("malformed JSON: expected an object, got "
                    + (json == null ? "nothing" : json.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return json;
    }

    /** Parses a JSON body given as text. */
    public static PostRequest parseJson(String body) {
        return parseJson(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }
}
