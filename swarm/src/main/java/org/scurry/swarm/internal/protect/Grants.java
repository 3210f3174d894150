package org.scurry.swarm.internal.protect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.protect.ProtectException;
import org.scurry.swarm.protect.ProtectException.Reason;

/**
 * {@code grant} entries: an epoch's {@link FeedKey} sealed to one follower's X25519 key (derived
 * from its Ed25519 identity, see {@link X25519#publicFromEd25519}) with a {@link SealedBox}.
 *
 * <pre>
 * content   = {"to": "@follower", "epoch": E, "box": base64url(80 bytes), "request": "~id"?}
 * context   = "scurry-grant-v1" (15) || owner (32) || follower (32) || epoch (4, big-endian)
 * plaintext = K(E) (32 bytes)
 * </pre>
 *
 * Binding owner, follower and epoch in the context means a box copied into another feed's grant,
 * addressed to someone else or relabelled with another epoch (a replayed old grant) does not open.
 */
final class Grants {
    static final byte[] LABEL = "scurry-grant-v1".getBytes(StandardCharsets.US_ASCII);

    /** A parsed grant entry. {@code request} is the request it answers, or null. */
    public record Grant(FeedId owner, FeedId to, int epoch, byte[] box, EntryId request) {}

    private Grants() {}

    /** The content of a grant of {@code key} to {@code follower}. */
    public static byte[] content(FeedKey key, FeedId follower, EntryId request) {
        return content(key, follower, request, X25519.KeyPair.generate());
    }

    /** With a given ephemeral key: for test vectors only. */
    static byte[] content(FeedKey key, FeedId follower, EntryId request, X25519.KeyPair ephemeral) {
        byte[] box = SealedBox.seal(
                ephemeral,
                X25519.publicFromEd25519(follower.key()),
                context(key.feed(), follower, key.epoch()),
                key.bytesUnsafe());
        return content(follower, key.epoch(), box, request);
    }

    /** Lays out grant content around an existing box (tests build replays with it). */
    public static byte[] content(FeedId follower, int epoch, byte[] box, EntryId request) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("to", follower.toString());
        m.put("epoch", epoch);
        m.put("box", Base64Url.encode(box));
        if (request != null) {
            m.put("request", request.toString());
        }
        return Contents.write(m);
    }

    /** Reads a grant entry's fields; throws ProtectException(MALFORMED). */
    public static Grant parse(Entry entry) {
        if (!Kind.GRANT.equals(entry.kind())) {
            throw malformed(entry, "not a grant");
        }
        JsonNode node;
        try {
            node = ProtectJson.MAPPER.readTree(entry.content());
        } catch (IOException e) {
            throw malformed(entry, "content is not JSON");
        }
        try {
            FeedId to = FeedId.parse(node.path("to").asText(""));
            JsonNode epoch = node.path("epoch");
            if (!epoch.isIntegralNumber() || !epoch.canConvertToInt() || epoch.asInt() < 1) {
                throw malformed(entry, "needs an integer \"epoch\" ≥ 1");
            }
            byte[] box = Base64Url.decode(node.path("box").asText(""));
            if (box.length != SealedBox.OVERHEAD + FeedKey.LENGTH) {
                throw malformed(entry, "box must be 80 bytes: " + box.length);
            }
            JsonNode req = node.get("request");
            EntryId request = req == null || req.isNull() ? null : EntryId.parse(req.asText());
            return new Grant(entry.author(), to, epoch.asInt(), box, request);
        } catch (IllegalArgumentException e) {
            throw malformed(entry, e.getMessage());
        }
    }

    /**
     * Opens a grant with the follower's identity and returns the feed key it carries. Throws
     * ProtectException: NOT_ADDRESSED_TO_READER when the grant names another follower,
     * GRANT_DOES_NOT_OPEN when the box was sealed to another key, for another feed or epoch, or altered.
     */
    public static FeedKey open(Entry grantEntry, Ed25519Signer follower) {
        Grant g = parse(grantEntry);
        FeedId reader = FeedId.of(follower.publicKey());
        if (!g.to().equals(reader)) {
            throw new ProtectException(
                    Reason.NOT_ADDRESSED_TO_READER,
                    "grant " + where(grantEntry) + " is addressed to " + g.to().shortText() + ", not to "
                            + reader.shortText());
        }
        X25519.KeyPair keys = X25519.KeyPair.fromEd25519(follower);
        byte[] key;
        try {
            key = SealedBox.open(keys, context(g.owner(), reader, g.epoch()), g.box());
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new ProtectException(
                    Reason.GRANT_DOES_NOT_OPEN,
                    "grant " + where(grantEntry) + " of epoch " + g.epoch() + " does not open with "
                            + reader.shortText() + "'s key: it was sealed to another key, for another feed or"
                            + " epoch (a replayed grant), or altered");
        }
        return FeedKey.of(g.owner(), g.epoch(), key);
    }

    static byte[] context(FeedId owner, FeedId follower, int epoch) {
        return ByteBuffer.allocate(LABEL.length + 68)
                .put(LABEL)
                .put(owner.toBytes())
                .put(follower.toBytes())
                .putInt(epoch)
                .array();
    }

    private static String where(Entry e) {
        return e.author().shortText() + "#" + e.seq();
    }

    private static ProtectException malformed(Entry entry, String what) {
        return new ProtectException(Reason.MALFORMED, "grant " + where(entry) + ": " + what);
    }
}
