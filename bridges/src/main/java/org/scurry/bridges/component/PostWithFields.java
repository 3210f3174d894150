package org.scurry.bridges.component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;

/**
 * A post whose content carries fields beyond {@code text} and {@code replyTo} ({@link
 * ScurryConstants#FIELDS}): the content is laid out here ({@code text}, {@code replyTo} if any, then
 * the fields in their order) and published as a {@code post} entry. The text is held to the node's
 * rules with the node's messages; a protected feed is refused, as its posts must be sealed, which
 * only {@link Node#post} does.
 */
final class PostWithFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostWithFields() {}

    /** Blocks until the entry is durable. Bad input throws IllegalArgumentException. */
    static Entry publish(Node node, FeedId account, String text, EntryId replyTo, Map<String, Object> fields) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("post text must not be empty");
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > node.config().maxPostChars()) {
            throw new IllegalArgumentException(
                    "post text must be at most " + node.config().maxPostChars() + " characters: " + chars);
        }
        for (String name : fields.keySet()) {
            if (name.equals("text") || name.equals("replyTo")) {
                throw new IllegalArgumentException(ScurryConstants.FIELDS + " must not set " + name);
            }
        }
        if (node.protection().isProtected(account)) {
            throw new IllegalArgumentException(
                    "a post with " + ScurryConstants.FIELDS + " cannot be sealed: " + account + " is protected");
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("text", text);
        if (replyTo != null) {
            content.put("replyTo", replyTo.toString());
        }
        content.putAll(fields);
        try {
            return node.publish(account, Kind.POST, JSON.writeValueAsBytes(content));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    ScurryConstants.FIELDS + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** A JSON object's fields; throws IllegalArgumentException for anything else. */
    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    ScurryConstants.FIELDS + " must be a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
