package org.scurry.swarm;

import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519PublicKey;

/**
 * The id of a feed: its author's Ed25519 public key. Shown to people as {@code @} followed by the
 * unpadded base64url of the 32 key bytes (44 characters in all), which is safe in URL paths, MQTT
 * topic levels and chat messages.
 */
public final class FeedId implements Comparable<FeedId> {
    public static final char SIGIL = '@';
    /** Length of the text form: the sigil plus 43 base64url characters. */
    public static final int TEXT_LENGTH = 44;

    private final Ed25519PublicKey key;
    private final String text;
    /** Feed ids key every replication map; hashing 32 key bytes on each lookup showed in profiles. */
    private final int hash;

    private FeedId(Ed25519PublicKey key) {
        this.key = key;
        this.text = SIGIL + Base64Url.encode(key.toBytes());
        this.hash = key.hashCode();
    }

    public static FeedId of(Ed25519PublicKey key) {
        return new FeedId(key);
    }

    /**
     * The feed id for 32 key bytes. Recently seen ids are shared, so that the decoded curve point
     * cached in the key serves every entry of the same author (decoding it costs a square root).
     */
    public static FeedId ofBytes(byte[] keyBytes) {
        if (keyBytes.length != Ed25519PublicKey.LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes: " + keyBytes.length);
        }
        return ofBytes(keyBytes, 0);
    }

    /**
     * The feed id for the 32 key bytes of {@code bytes} at {@code offset} (an entry's encoding, say):
     * a known id is found without copying them.
     */
    public static FeedId ofBytes(byte[] bytes, int offset) {
        FeedId known = INTERNED.get(java.nio.ByteBuffer.wrap(bytes, offset, Ed25519PublicKey.LENGTH));
        if (known != null) {
            return known;
        }
        byte[] keyBytes = java.util.Arrays.copyOfRange(bytes, offset, offset + Ed25519PublicKey.LENGTH);
        FeedId id = new FeedId(Ed25519PublicKey.create(keyBytes));
        if (INTERNED.size() >= MAX_INTERNED) {
            INTERNED.clear(); // crude but bounded: a cache, not a registry
        }
        // The map's key must own its bytes: a buffer over the caller's array would change with it.
        INTERNED.putIfAbsent(java.nio.ByteBuffer.wrap(keyBytes), id);
        return id;
    }

    private static final int MAX_INTERNED = 50_000;
    private static final java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, FeedId> INTERNED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Parses the text form {@code @base64url}. The sigil may be omitted (it is awkward in some
     * shells). Throws {@link IllegalArgumentException} with the offending text.
     */
    public static FeedId parse(String text) {
        String t = text == null ? "" : text.trim();
        String body = t.startsWith("@") ? t.substring(1) : t;
        if (body.length() != TEXT_LENGTH - 1) {
            throw new IllegalArgumentException("not a feed id (expected @ and 43 base64url characters): " + text);
        }
        return ofBytes(Base64Url.decode(body));
    }

    /** True when {@code text} parses as a feed id. */
    public static boolean looksLikeFeedId(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Ed25519PublicKey key() {
        return key;
    }

    public byte[] toBytes() {
        return key.toBytes();
    }

    /** A short form for logs: the first 8 characters after the sigil. */
    public String shortText() {
        return text.substring(0, 9);
    }

    @Override
    public int compareTo(FeedId o) {
        return text.compareTo(o.text);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof FeedId other && hash == other.hash && key.equals(other.key));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return text;
    }
}
