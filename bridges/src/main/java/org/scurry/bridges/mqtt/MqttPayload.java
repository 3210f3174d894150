package org.scurry.bridges.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.scurry.bridges.json.PostRequest;

/**
 * Reads the payload of a message on {@code {prefix}/post/{account}} (DESIGN.md §9) into a {@link
 * PostRequest}:
 *
 * <ul>
 *   <li>a payload whose first non-blank character is <code>{</code> is JSON {@code {"text",
 *       "replyTo"?, "repeat"?}} ({@link #repeat}; other fields are ignored);
 *   <li>any other payload is the post's text, as UTF-8.
 * </ul>
 *
 * Refused, with {@link IllegalArgumentException} and a message fit to publish on the error topic:
 * an empty or blank payload, more than {@link #MAX_BYTES} bytes, bytes that are not UTF-8, control
 * characters other than tab, CR and LF (binary data), and malformed JSON. The text length limit is
 * the node's ({@link org.scurry.swarm.Node#post}). Stateless and thread-safe.
 */
public final class MqttPayload {
    /** The largest payload read: an entry's content is at most 16 KiB. */
    public static final int MAX_BYTES = 16 * 1024;

    private MqttPayload() {}

    public static PostRequest parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new IllegalArgumentException("empty payload: send the post's text, or {\"text\": \"…\"}");
        }
        if (payload.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "payload too large: " + payload.length + " bytes, at most " + MAX_BYTES + " are read");
        }
        String text = utf8(payload);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                throw new IllegalArgumentException(
                        "payload holds a control character (U+%04X at %d): binary data is not a post"
                                .formatted((int) c, i));
            }
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty payload: send the post's text, or {\"text\": \"…\"}");
        }
        if (text.stripLeading().startsWith("{")) {
            return PostRequest.parseJson(payload);
        }
        return new PostRequest(text, null);
    }

    /**
     * Whether the payload (already accepted by {@link #parse}) marks its post as meant to repeat an
     * earlier one: JSON with {@code "repeat": true}. Such a post skips the gateway's repeat window
     * (docs/mqtt.md, "De-duplication"). Throws IllegalArgumentException when {@code repeat} is there
     * but not true or false.
     */
    public static boolean repeat(byte[] payload) {
        String text = utf8(payload);
        if (!text.stripLeading().startsWith("{")) {
            return false;
        }
        com.fasterxml.jackson.databind.JsonNode repeat =
                PostRequest.readObject(payload).get("repeat");
        if (repeat == null || repeat.isNull()) {
            return false;
        }
        if (!repeat.isBoolean()) {
            throw new IllegalArgumentException("\"repeat\" must be true or false: " + repeat);
        }
        return repeat.asBoolean();
    }

    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("payload is not UTF-8 text", e);
        }
    }
}
