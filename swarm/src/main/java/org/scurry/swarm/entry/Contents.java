package org.scurry.swarm.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;

/**
 * Builds the content JSON of the known kinds. Field order is fixed so that the same call always
 * yields the same bytes (entries sign bytes, not objects).
 */
public final class Contents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Contents() {}

    /** {@code {"text", "replyTo"?, "mentions"?}}. */
    public static byte[] post(String text, EntryId replyTo, List<FeedId> mentions) {
        return postReply(text, replyTo == null ? null : ReplyRef.to(replyTo), mentions);
    }

    /**
     * {@code {"text", "replyTo"?, "replyAuthor"?, "replySeq"?, "mentions"?}}: author and seq of the
     * parent when the reference names them (docs/entry-format.md, "Replies").
     */
    public static byte[] postReply(String text, ReplyRef replyTo, List<FeedId> mentions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        if (replyTo != null) {
            m.put("replyTo", replyTo.parent().toString());
            if (replyTo.locatable()) {
                m.put("replyAuthor", replyTo.author().toString());
                m.put("replySeq", replyTo.seq());
            }
        }
        if (mentions != null && !mentions.isEmpty()) {
            m.put("mentions", mentions.stream().map(FeedId::toString).toList());
        }
        return write(m);
    }

    /** {@code {"feed"}}. */
    public static byte[] follow(FeedId feed) {
        return write(Map.of("feed", feed.toString()));
    }

    /** {@code {"feed"}}. */
    public static byte[] unfollow(FeedId feed) {
        return write(Map.of("feed", feed.toString()));
    }

    /** {@code {"name"?, "bio"?}}. */
    public static byte[] profile(String name, String bio) {
        return profile(new org.scurry.swarm.Profile(name, bio, null));
    }

    /** {@code {"name"?, "bio"?, "link"?}}: the whole profile, absent fields left out. */
    public static byte[] profile(org.scurry.swarm.Profile profile) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (profile.name() != null) {
            m.put("name", profile.name());
        }
        if (profile.bio() != null) {
            m.put("bio", profile.bio());
        }
        if (profile.link() != null) {
            m.put("link", profile.link());
        }
        return write(m);
    }

    /** {@code {"entry"}}: asks readers to hide an earlier entry of the same author. */
    public static byte[] delete(EntryId entry) {
        return write(Map.of("entry", entry.toString()));
    }

    /** {@code {"address"}}: host:port where the author's node accepts peers. */
    public static byte[] address(String hostPort) {
        return write(Map.of("address", hostPort));
    }

    /** {@code {"address", "capacity"}}: a history server's announcement (capacity in bytes offered). */
    public static byte[] history(String hostPort, long capacity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", hostPort);
        m.put("capacity", capacity);
        return write(m);
    }

    /** Serialises any map as content. */
    public static byte[] write(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
