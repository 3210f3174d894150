package org.scurry.swarm.entry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519PublicKey;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

/**
 * The binary layout of an entry, version 1. Every integer is big-endian. docs/entry-format.md has the
 * same table with worked examples; src/test/resources/vectors/entries.json has test vectors.
 *
 * <pre>
 * offset  size  field
 * ------  ----  ---------------------------------------------------------------
 *      0     1  version = 0x01
 *      1    32  author: Ed25519 public key
 *     33     8  seq: 1 for the first entry of a feed, at most 2^63-1 (top bit clear)
 *     41     1  prev marker: 0x00 when seq = 1, 0x01 otherwise
 *     42    32  prev: entry id of entry seq-1 (present only when the marker is 0x01)
 *      P     8  timestamp: author's clock, ms since 1970-01-01T00:00Z, signed
 *    P+8     1  kind length k, 1..32
 *    P+9     k  kind: ASCII [a-z0-9-]
 *  P+9+k     4  content length n, 0..16384
 * P+13+k     n  content: the exact UTF-8 bytes of a JSON object
 *      S    64  signature: Ed25519 over CONTEXT || bytes [0, S)
 * </pre>
 *
 * {@code P} is 42 without prev and 74 with it; {@code S} = P + 13 + k + n. CONTEXT is the 16 ASCII
 * bytes {@code "scurry-entry-v1\n"}: it keeps an entry signature from ever being valid for another
 * kind of signed message made with the same key. The entry id is SHA-256 of all S + 64 bytes.
 */
public final class EntryCodec {
    public static final int VERSION = 1;
    public static final int MAX_CONTENT_BYTES = 16 * 1024;
    public static final int SIGNATURE_LENGTH = Ed25519Signer.SIGNATURE_LENGTH;
    /** The largest possible encoding: prev present, 32-byte kind, full content. */
    public static final int MAX_ENCODED_BYTES = 74 + 13 + Kind.MAX_LENGTH + MAX_CONTENT_BYTES + SIGNATURE_LENGTH;

    static final byte[] CONTEXT = "scurry-entry-v1\n".getBytes(StandardCharsets.US_ASCII);

    private EntryCodec() {}

    /** Lays out and signs a new entry; throws InvalidEntryException when a field is out of range. */
    public static Entry sign(
            Ed25519Signer author, long seq, EntryId prev, long timestamp, String kind, byte[] content) {
        if (seq < 1) {
            throw new InvalidEntryException(Reason.BAD_SEQ, "seq must be ≥ 1: " + seq);
        }
        if ((seq == 1) != (prev == null)) {
            throw new InvalidEntryException(
                    Reason.BAD_PREV, "prev must be absent exactly when seq = 1 (seq " + seq + ")");
        }
        if (!Kind.isValid(kind)) {
            throw new InvalidEntryException(Reason.BAD_KIND, "kind must match [a-z0-9-]{1,32}: " + kind);
        }
        if (content.length > MAX_CONTENT_BYTES) {
            throw new InvalidEntryException(
                    Reason.TOO_LARGE, "content must be ≤ " + MAX_CONTENT_BYTES + " bytes: " + content.length);
        }
        byte[] kindBytes = kind.getBytes(StandardCharsets.US_ASCII);
        int signedLength = (prev == null ? 42 : 74) + 13 + kindBytes.length + content.length;
        ByteBuffer buf = ByteBuffer.allocate(CONTEXT.length + signedLength);
        buf.put(CONTEXT);
        buf.put((byte) VERSION);
        buf.put(author.publicKey().toBytes());
        buf.putLong(seq);
        if (prev == null) {
            buf.put((byte) 0);
        } else {
            buf.put((byte) 1);
            buf.put(prev.toBytes());
        }
        buf.putLong(timestamp);
        buf.put((byte) kindBytes.length);
        buf.put(kindBytes);
        buf.putInt(content.length);
        buf.put(content);
        byte[] toSign = buf.array();
        byte[] signature = author.sign(toSign);
        byte[] encoded = new byte[signedLength + SIGNATURE_LENGTH];
        System.arraycopy(toSign, CONTEXT.length, encoded, 0, signedLength);
        System.arraycopy(signature, 0, encoded, signedLength, SIGNATURE_LENGTH);
        return decode(encoded);
    }

    /**
     * Parses an encoding. Checks layout only (lengths, markers, kind form, trailing bytes), not the
     * signature: see {@link #verifySignature}. Throws InvalidEntryException(MALFORMED) naming the
     * first problem.
     */
    public static Entry decode(byte[] encoded) {
        if (encoded.length > MAX_ENCODED_BYTES) {
            throw new InvalidEntryException(
                    Reason.TOO_LARGE, "entry must be ≤ " + MAX_ENCODED_BYTES + " bytes: " + encoded.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(encoded);
        try {
            int version = buf.get() & 0xff;
            if (version != VERSION) {
                throw malformed("unknown entry version: " + version);
            }
            require(buf, Ed25519PublicKey.LENGTH, encoded);
            FeedId author = FeedId.ofBytes(encoded, buf.position());
            buf.position(buf.position() + Ed25519PublicKey.LENGTH);
            long seq = buf.getLong();
            if (seq < 1) {
                throw new InvalidEntryException(
                        Reason.BAD_SEQ, "seq must be 1.." + Long.MAX_VALUE + ": " + Long.toUnsignedString(seq));
            }
            int marker = buf.get() & 0xff;
            EntryId prev = null;
            if (marker == 1) {
                require(buf, EntryId.LENGTH, encoded);
                prev = EntryId.ofBytes(encoded, buf.position());
                buf.position(buf.position() + EntryId.LENGTH);
            } else if (marker != 0) {
                throw malformed("prev marker must be 0 or 1: " + marker);
            }
            if ((seq == 1) != (prev == null)) {
                throw new InvalidEntryException(
                        Reason.BAD_PREV, "prev must be absent exactly when seq = 1 (seq " + seq + ")");
            }
            long timestamp = buf.getLong();
            int kindLength = buf.get() & 0xff;
            if (kindLength < 1 || kindLength > Kind.MAX_LENGTH) {
                throw new InvalidEntryException(Reason.BAD_KIND, "kind length must be 1..32: " + kindLength);
            }
            require(buf, kindLength, encoded);
            String kind = Kind.fromBytes(encoded, buf.position(), kindLength);
            if (kind == null) {
                throw new InvalidEntryException(
                        Reason.BAD_KIND,
                        "kind must match [a-z0-9-]{1,32}: "
                                + new String(encoded, buf.position(), kindLength, StandardCharsets.US_ASCII));
            }
            buf.position(buf.position() + kindLength);
            int contentLength = buf.getInt();
            if (contentLength < 0 || contentLength > MAX_CONTENT_BYTES) {
                throw new InvalidEntryException(
                        Reason.TOO_LARGE,
                        "content must be ≤ " + MAX_CONTENT_BYTES + " bytes: "
                                + Integer.toUnsignedString(contentLength));
            }
            int contentOffset = buf.position();
            int signedLength = contentOffset + contentLength;
            if (encoded.length < signedLength + SIGNATURE_LENGTH) {
                throw truncated(encoded);
            }
            if (encoded.length > signedLength + SIGNATURE_LENGTH) {
                throw malformed(
                        (encoded.length - signedLength - SIGNATURE_LENGTH) + " trailing bytes after the signature");
            }
            return new Entry(
                    version, author, seq, prev, timestamp, kind, contentOffset, contentLength, encoded, signedLength);
        } catch (java.nio.BufferUnderflowException e) {
            throw truncated(encoded);
        }
    }

    /** Throws the truncation error unless {@code n} more bytes follow the buffer's position. */
    private static void require(ByteBuffer buf, int n, byte[] encoded) {
        if (buf.remaining() < n) {
            throw truncated(encoded);
        }
    }

    private static InvalidEntryException truncated(byte[] encoded) {
        return malformed("entry truncated at " + encoded.length + " bytes");
    }

    /**
     * True when the entry's signature verifies against its author key (CONTEXT prepended). The
     * signed message is assembled in a per-thread buffer: this runs for every entry received.
     */
    public static boolean verifySignature(Entry entry) {
        byte[] encoded = entry.encodedUnsafe();
        int signedLength = entry.signedLength();
        byte[] message = MESSAGE.get();
        System.arraycopy(encoded, 0, message, CONTEXT.length, signedLength);
        return entry.author().key().verify(encoded, signedLength, message, 0, CONTEXT.length + signedLength);
    }

    /** CONTEXT followed by room for the largest signed prefix; the prefix is written after CONTEXT. */
    private static final ThreadLocal<byte[]> MESSAGE = ThreadLocal.withInitial(() -> {
        byte[] m = new byte[CONTEXT.length + MAX_ENCODED_BYTES];
        System.arraycopy(CONTEXT, 0, m, 0, CONTEXT.length);
        return m;
    });

    private static InvalidEntryException malformed(String message) {
        return new InvalidEntryException(Reason.MALFORMED, message);
    }
}
