package org.scurry.swarm.internal.protect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.internal.crypto.ChaChaPoly;
import org.scurry.swarm.protect.ProtectException;
import org.scurry.swarm.protect.ProtectException.Reason;

/**
 * The content of a {@code sealed} entry: what a protected feed publishes instead of a post. The
 * header (author, seq, timestamp, kind {@code sealed}) stays signed and readable by all; the inner
 * kind and content are encrypted with the epoch's {@link FeedKey}.
 *
 * <pre>
 * content    = {"epoch": E, "box": base64url(nonce (12) || ciphertext || tag (16))}
 * plaintext  = inner kind length (1) || inner kind (ASCII) || inner content (UTF-8 JSON object)
 * ad         = "scurry-sealed-v1" (16) || author (32) || seq (8) || epoch (4) || 0x06 || "sealed"
 * ciphertext = ChaCha20-Poly1305(K(E), nonce, ad, plaintext); nonce random per entry
 * </pre>
 *
 * The associated data binds the ciphertext to its author, seq, kind and epoch: a box copied into
 * another entry or relabelled with another epoch does not open. Integers are big-endian.
 */
public final class SealedEntries {
    static final byte[] AD_LABEL = "scurry-sealed-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedEntries() {}

    /** True for an entry whose content is sealed (as stored; an opened view is not). */
    public static boolean isSealed(Entry entry) {
        return Kind.SEALED.equals(entry.kind()) && !entry.isOpened();
    }

    /** The content of entry {@code seq} of {@code author}, sealing {@code innerKind}/{@code content}. */
    public static byte[] seal(FeedKey key, long seq, String innerKind, byte[] content) {
        byte[] nonce = new byte[ChaChaPoly.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return seal(key, seq, innerKind, content, nonce);
    }

    /** With a given nonce: for test vectors only (a nonce must never repeat under one key). */
    static byte[] seal(FeedKey key, long seq, String innerKind, byte[] content, byte[] nonce) {
        if (!Kind.isValid(innerKind) || Kind.SEALED.equals(innerKind)) {
            throw new IllegalArgumentException("cannot seal an entry of kind " + innerKind);
        }
        byte[] kindBytes = innerKind.getBytes(StandardCharsets.US_ASCII);
        byte[] plain = ByteBuffer.allocate(1 + kindBytes.length + content.length)
                .put((byte) kindBytes.length)
                .put(kindBytes)
                .put(content)
                .array();
        byte[] ct = ChaChaPoly.create(key.bytesUnsafe())
                .encrypt(nonce, ad(key.feed(), seq, key.epoch()), plain, 0, plain.length);
        byte[] box = new byte[nonce.length + ct.length];
        System.arraycopy(nonce, 0, box, 0, nonce.length);
        System.arraycopy(ct, 0, box, nonce.length, ct.length);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", key.epoch());
        m.put("box", Base64Url.encode(box));
        return Contents.write(m);
    }

    /** The epoch a sealed entry names; throws ProtectException(MALFORMED) when it names none. */
    public static int epochOf(Entry sealed) {
        JsonNode node = parse(sealed);
        JsonNode epoch = node.get("epoch");
        if (epoch == null || !epoch.canConvertToInt() || !epoch.isIntegralNumber() || epoch.asInt() < 1) {
            throw malformed(sealed, "needs an integer \"epoch\" ≥ 1");
        }
        return epoch.asInt();
    }

    /**
     * Decrypts a sealed entry with the key of its epoch and returns its opened view ({@link
     * Entry#opened}). Throws ProtectException: MALFORMED for bad content, CIPHERTEXT_DOES_NOT_OPEN when
     * the tag does not verify (altered, moved, or the key is of another feed or epoch).
     */
    public static Entry open(FeedKey key, Entry sealed) {
        int epoch = epochOf(sealed);
        if (!key.feed().equals(sealed.author()) || key.epoch() != epoch) {
            throw new ProtectException(
                    Reason.NO_KEY,
                    sealed.author().shortText() + "#" + sealed.seq() + " is sealed for epoch " + epoch + " of "
                            + sealed.author().shortText() + ", not with the key of epoch " + key.epoch() + " of "
                            + key.feed().shortText());
        }
        byte[] box = box(sealed);
        if (box.length < ChaChaPoly.NONCE_LENGTH + ChaChaPoly.TAG_LENGTH + 2) {
            throw malformed(sealed, "box is too short: " + box.length + " bytes");
        }
        byte[] plain;
        try {
            plain = ChaChaPoly.create(key.bytesUnsafe())
                    .decrypt(
                            Arrays.copyOf(box, ChaChaPoly.NONCE_LENGTH),
                            ad(sealed.author(), sealed.seq(), epoch),
                            box,
                            ChaChaPoly.NONCE_LENGTH,
                            box.length - ChaChaPoly.NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new ProtectException(
                    Reason.CIPHERTEXT_DOES_NOT_OPEN,
                    "sealed content of " + sealed.author().shortText() + "#" + sealed.seq() + " (epoch " + epoch
                            + ") does not open: it was altered, or moved from another entry or epoch");
        }
        int kindLength = plain[0] & 0xff;
        if (kindLength < 1 || kindLength > Kind.MAX_LENGTH || plain.length < 1 + kindLength) {
            throw malformed(sealed, "inner kind length out of range: " + kindLength);
        }
        String kind = new String(plain, 1, kindLength, StandardCharsets.US_ASCII);
        if (!Kind.isValid(kind) || Kind.SEALED.equals(kind)) {
            throw malformed(sealed, "inner kind is not valid: " + kind);
        }
        return sealed.opened(kind, Arrays.copyOfRange(plain, 1 + kindLength, plain.length), epoch);
    }

    static byte[] ad(FeedId author, long seq, int epoch) {
        byte[] kind = Kind.SEALED.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(AD_LABEL.length + 32 + 8 + 4 + 1 + kind.length)
                .put(AD_LABEL)
                .put(author.toBytes())
                .putLong(seq)
                .putInt(epoch)
                .put((byte) kind.length)
                .put(kind)
                .array();
    }

    private static byte[] box(Entry sealed) {
        JsonNode box = parse(sealed).get("box");
        if (box == null || !box.isTextual()) {
            throw malformed(sealed, "needs a string \"box\"");
        }
        try {
            return Base64Url.decode(box.asText());
        } catch (IllegalArgumentException e) {
            throw malformed(sealed, "box is not base64url: " + e.getMessage());
        }
    }

    private static JsonNode parse(Entry entry) {
        try {
            JsonNode node = ProtectJson.MAPPER.readTree(entry.content());
            if (node == null || !node.isObject()) {
                throw malformed(entry, "content must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw malformed(entry, "content is not JSON");
        }
    }

    private static ProtectException malformed(Entry entry, String what) {
        return new ProtectException(
                Reason.MALFORMED,
                entry.kind() + " entry " + entry.author().shortText() + "#" + entry.seq() + ": " + what);
    }
}
