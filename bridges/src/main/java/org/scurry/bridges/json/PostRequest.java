package org.scurry.bridges.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
    /** The API mapper, refusing content after the object ({@code {"text": "x"} junk}). */
    private static final ObjectReader STRICT =
            EntryJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
     * bytes are empty, not UTF-8, not JSON, not an object, followed by anything but white space, or
     * when a string holds an unpaired surrogate ({@code "\\ud800"}: no Unicode text, and stored as
     * {@code ?} if let through).
     */
    public static JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("malformed JSON: the request body is empty");
        }
        requireUtf8(body);
        JsonNode json;
        try {
            json = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
        if (json == null || json.isMissingNode() || !json.isObject()) {
            throw new IllegalArgumentException("malformed JSON: expected an object, got "
                    + (json == null || json.isMissingNode()
                            ? "nothing"
                            : json.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        requireWholeCharacters(json, "");
        return json;
    }

    /** Jackson reads some invalid UTF-8 (overlong forms, encoded surrogates) without complaint. */
    private static void requireUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("malformed JSON: the body is not UTF-8 text", e);
        }
    }

    private static void requireWholeCharacters(JsonNode node, String path) {
        if (node.isTextual()) {
            int bad = unpairedSurrogate(node.textValue());
            if (bad >= 0) {
                throw new IllegalArgumentException(String.format(
                        "malformed JSON: the string at %s holds an unpaired surrogate \\u%04X: not Unicode text",
                        path.isEmpty() ? "the top" : path,
                        (int) node.textValue().charAt(bad)));
            }
            return;
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (unpairedSurrogate(field.getKey()) >= 0) {
                throw new IllegalArgumentException(
                        "malformed JSON: a field name holds an unpaired surrogate: not Unicode text");
            }
            requireWholeCharacters(field.getValue(), path + "/" + field.getKey());
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            requireWholeCharacters(node.get(i), path + "/" + i);
        }
    }

    /** The index of the first surrogate that is not half of a pair; -1 when there is none. */
    static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Parses a JSON body given as text. */
    public static PostRequest parseJson(String body) {
        return parseJson(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }
}
