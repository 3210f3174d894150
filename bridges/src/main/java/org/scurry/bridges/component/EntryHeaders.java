package org.scurry.bridges.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Message;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;

/** Puts an entry on a message: the entry as body, its fields as {@link ScurryConstants} headers. */
final class EntryHeaders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryHeaders() {}

    static void apply(Message message, Entry entry, Node node) {
        apply(message, entry, node::displayName);
    }

    /** {@code names}: the display name of a feed, if it has one. */
    static void apply(Message message, Entry entry, Function<FeedId, Optional<String>> names) {
        message.setBody(entry);
        message.setHeader(ScurryConstants.AUTHOR, entry.author().toString());
        message.setHeader(ScurryConstants.SEQ, entry.seq());
        message.setHeader(ScurryConstants.KIND, entry.kind());
        message.setHeader(ScurryConstants.ENTRY_ID, entry.id().toString());
        message.setHeader(ScurryConstants.TIMESTAMP, entry.timestamp());
        names.apply(entry.author()).ifPresent(name -> message.setHeader(ScurryConstants.AUTHOR_NAME, name));
        if (Kind.POST.equals(entry.kind())) {
            JsonNode content = content(entry);
            if (content.path("text").isTextual()) {
                message.setHeader(ScurryConstants.TEXT, content.get("text").asText());
            }
            if (content.path("replyTo").isTextual()) {
                message.setHeader(
                        ScurryConstants.REPLY_TO, content.get("replyTo").asText());
            }
        }
    }

    private static JsonNode content(Entry entry) {
        try {
            return JSON.readTree(entry.content());
        } catch (IOException e) {
            // Stored entries of known kinds were validated; this only guards against a bug there.
            throw new IllegalStateException("content of " + entry + " is not JSON: " + e.getMessage(), e);
        }
    }
}
