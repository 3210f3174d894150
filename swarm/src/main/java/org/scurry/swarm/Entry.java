package org.scurry.swarm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryCodec;
import org.scurry.swarm.spi.Store;

/**
 * One signed entry of a feed. Immutable. Holds its exact encoding (what was signed plus the
 * signature), so re-encoding never changes a byte; {@link #id()} is the SHA-256 of that encoding.
 *
 * <p>An {@code Entry} object only says the bytes are well formed. Whether the signature verifies
 * and the entry fits its feed is decided by {@link org.scurry.swarm.entry.EntryValidator} and the
 * {@link Store}.
 */
public final class Entry {
    private final int version;
    private final FeedId author;
    private final long seq;
    private final EntryId prev;
    private final long timestamp;
    private final String kind;
    /**
     * The content is {@code contentLength} bytes of {@code contentBytes} at {@code contentOffset}:
     * for an entry as signed a view into {@link #encoded} (decoding copies nothing), for an opened
     * view its own decrypted array. The signature is the 64 bytes of {@code encoded} after the
     * signed prefix.
     */
    private final byte[] contentBytes;

    private final int contentOffset;
    private final int contentLength;
    private final byte[] encoded;
    private final int signedLength;
    /** 0 for an entry as signed; the epoch for a protected entry's opened view (see {@link #opened}). */
    private final int openedEpoch;

    private volatile EntryId id;

    /**
     * Used by {@link EntryCodec} only: {@code encoded} is taken without copying, and the content is
     * the {@code contentLength} bytes of it at {@code contentOffset}, followed by the signature at
     * {@code signedLength}.
     */
    public Entry(
            int version,
            FeedId author,
            long seq,
            EntryId prev,
            long timestamp,
            String kind,
            int contentOffset,
            int contentLength,
            byte[] encoded,
            int signedLength) {
        this.version = version;
        this.author = author;
        this.seq = seq;
        this.prev = prev;
        this.timestamp = timestamp;
        this.kind = kind;
        this.contentBytes = encoded;
        this.contentOffset = contentOffset;
        this.contentLength = contentLength;
        this.encoded = encoded;
        this.signedLength = signedLength;
        this.openedEpoch = 0;
    }

    private Entry(Entry sealed, String kind, byte[] content, int epoch) {
        this.version = sealed.version;
        this.author = sealed.author;
        this.seq = sealed.seq;
        this.prev = sealed.prev;
        this.timestamp = sealed.timestamp;
        this.kind = kind;
        this.contentBytes = content;
        this.contentOffset = 0;
        this.contentLength = content.length;
        this.encoded = sealed.encoded;
        this.signedLength = sealed.signedLength;
        this.openedEpoch = epoch;
        this.id = sealed.id;
    }

    /**
     * The view of a protected ({@code sealed}) entry as a reader who holds its epoch key sees it: the
     * same header, id, encoding and signature, but {@link #kind()} and {@link #content()} are the
     * decrypted ones. Made by {@link org.scurry.swarm.protect.Protection} only; such a view must never
     * reach a public surface ({@link #isOpened()} says which it is). Its encoding is still the sealed
     * one, so storing or forwarding it stores or forwards ciphertext.
     */
    public Entry opened(String openedKind, byte[] openedContent, int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be ≥ 1: " + epoch);
        }
        return new Entry(this, openedKind, openedContent.clone(), epoch);
    }

    /** True for a protected entry's decrypted view (see {@link #opened}). */
    public boolean isOpened() {
        return openedEpoch > 0;
    }

    /** The key epoch an opened view was decrypted with; 0 for an entry as signed. */
    public int openedEpoch() {
        return openedEpoch;
    }

    /**
     * Signs a new entry. Throws {@link org.scurry.swarm.entry.InvalidEntryException} when a field is
     * out of range (content too large, bad kind, prev missing or present wrongly).
     */
    public static Entry sign(
            Ed25519Signer author, long seq, EntryId prev, long timestamp, String kind, byte[] contentJson) {
        return EntryCodec.sign(author, seq, prev, timestamp, kind, contentJson);
    }

    /** Decodes bytes received or read from disk; throws InvalidEntryException(MALFORMED) on bad layout. */
    public static Entry decode(byte[] encoded) {
        return EntryCodec.decode(encoded);
    }

    public int version() {
        return version;
    }

    public FeedId author() {
        return author;
    }

    public long seq() {
        return seq;
    }

    /** The id of the previous entry; empty for sequence 1. */
    public Optional<EntryId> prev() {
        return Optional.ofNullable(prev);
    }

    public long timestamp() {
        return timestamp;
    }

    public String kind() {
        return kind;
    }

    /** A copy of the exact content bytes that were signed (a UTF-8 JSON object). */
    public byte[] content() {
        return Arrays.copyOfRange(contentBytes, contentOffset, contentOffset + contentLength);
    }

    /**
     * Hands the content bytes to {@code reader} without copying them: {@code reader} gets the
     * backing array with the content's offset and length, and must neither modify it nor keep it.
     * For the hot paths that only read the content (validation on receipt).
     */
    public <R> R readContent(ContentReader<R> reader) {
        return reader.read(contentBytes, contentOffset, contentLength);
    }

    /** Reads content bytes in place (see {@link #readContent}). */
    @FunctionalInterface
    public interface ContentReader<R> {
        R read(byte[] bytes, int offset, int length);
    }

    public String contentText() {
        return new String(contentBytes, contentOffset, contentLength, StandardCharsets.UTF_8);
    }

    public int contentLength() {
        return contentLength;
    }

    /** A copy of the 64-byte Ed25519 signature. */
    public byte[] signature() {
        return Arrays.copyOfRange(encoded, signedLength, signedLength + Ed25519Signer.SIGNATURE_LENGTH);
    }

    /** A copy of the full encoding, signature included. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The encoding without copying: callers must not modify it. */
    public byte[] encodedUnsafe() {
        return encoded;
    }

    public int encodedLength() {
        return encoded.length;
    }

    /** Length of the signed prefix of {@link #encodedUnsafe()}. */
    public int signedLength() {
        return signedLength;
    }

    public EntryId id() {
        EntryId i = id;
        if (i == null) {
            i = EntryId.ofEncoding(encoded);
            id = i;
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return "Entry[" + author.shortText() + "#" + seq + " " + kind + (isOpened() ? " opened" : "") + " " + id()
                + "]";
    }
}
