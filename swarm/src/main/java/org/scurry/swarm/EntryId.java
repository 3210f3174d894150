package org.scurry.swarm;

import java.util.Arrays;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.internal.crypto.Sha256;

/**
 * The id of an entry: SHA-256 of its full encoding, signature included. Shown to people as
 * {@code ~} followed by unpadded base64url (44 characters), safe in URLs, topics and chat.
 */
public final class EntryId {
    public static final char SIGIL = '~';
    public static final int LENGTH = Sha256.LENGTH;

    private final byte[] hash;

    private EntryId(byte[] hash) {
        this.hash = hash;
    }

    /** Wraps a copy of a 32-byte hash. */
    public static EntryId ofBytes(byte[] hash) {
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException("entry id must be 32 bytes: " + hash.length);
        }
        return new EntryId(hash.clone());
    }

    /** Wraps a copy of the 32 bytes of {@code bytes} at {@code offset}. */
    public static EntryId ofBytes(byte[] bytes, int offset) {
        return new EntryId(Arrays.copyOfRange(bytes, offset, offset + LENGTH));
    }

    /** The id of an encoded entry. */
    public static EntryId ofEncoding(byte[] encoded) {
        return new EntryId(Sha256.hash(encoded));
    }

    /** Parses {@code ~base64url} (the sigil may be omitted); throws naming the bad text. */
    public static EntryId parse(String text) {
        String t = text == null ? "" : text.trim();
        String body = t.startsWith("~") ? t.substring(1) : t;
        if (body.length() != 43) {
            throw new IllegalArgumentException("not an entry id (expected ~ and 43 base64url characters): " + text);
        }
        return new EntryId(Base64Url.decode(body));
    }

    public byte[] toBytes() {
        return hash.clone();
    }

    public void writeTo(byte[] out, int offset) {
        System.arraycopy(hash, 0, out, offset, LENGTH);
    }

    /** The first 8 bytes as a long: a compact, well-spread index key. */
    public long prefix() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (hash[i] & 0xff);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryId other && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return SIGIL + Base64Url.encode(hash);
    }
}
