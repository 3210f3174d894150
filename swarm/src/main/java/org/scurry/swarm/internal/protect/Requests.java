package org.scurry.swarm.internal.protect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.protect.ProtectException;
import org.scurry.swarm.protect.ProtectException.Reason;

/**
 * {@code request} entries: a follow request in the requester's feed, readable by the owner only
 * (even whom it is addressed to is sealed; owners find theirs by trying to open the requests of
 * feeds that follow them).
 *
 * <pre>
 * content   = {"box": base64url(SealedBox)}
 * context   = "scurry-request-v1" (17) || requester (32) || owner (32)
 * plaintext = {"to": "@owner", "note": "…"?}   (UTF-8 JSON)
 * </pre>
 */
final class Requests {
    static final byte[] LABEL = "scurry-request-v1".getBytes(StandardCharsets.US_ASCII);
    /** The longest note a request may carry, in characters. */
    public static final int MAX_NOTE = 280;

    private Requests() {}

    /** The content of a request from {@code requester} to {@code owner} with an optional note. */
    public static byte[] content(FeedId requester, FeedId owner, String note) {
        return content(requester, owner, note, X25519.KeyPair.generate());
    }

    static byte[] content(FeedId requester, FeedId owner, String note, X25519.KeyPair ephemeral) {
        if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE) {
            throw new IllegalArgumentException("a request note must be at most " + MAX_NOTE + " characters");
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("to", owner.toString());
        if (note != null && !note.isBlank()) {
            plain.put("note", note.strip());
        }
        byte[] box = SealedBox.seal(
                ephemeral, X25519.publicFromEd25519(owner.key()), context(requester, owner), Contents.write(plain));
        return Contents.write(Map.of("box", Base64Url.encode(box)));
    }

    /**
     * Opens a request entry as {@code owner}; returns the note ("" when none). Throws
     * ProtectException: MALFORMED, or REQUEST_DOES_NOT_OPEN when it is addressed to someone else.
     */
    public static String open(Entry request, Ed25519Signer owner) {
        if (!Kind.REQUEST.equals(request.kind())) {
            throw new ProtectException(Reason.MALFORMED, where(request) + " is not a request");
        }
        FeedId me = FeedId.of(owner.publicKey());
        byte[] box;
        try {
            JsonNode node = ProtectJson.MAPPER.readTree(request.content());
            box = Base64Url.decode(node.path("box").asText(""));
        } catch (IOException | IllegalArgumentException e) {
            throw new ProtectException(Reason.MALFORMED, where(request) + ": needs a base64url \"box\"");
        }
        byte[] plain;
        try {
            plain = SealedBox.open(X25519.KeyPair.fromEd25519(owner), context(request.author(), me), box);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new ProtectException(
                    Reason.REQUEST_DOES_NOT_OPEN, where(request) + " is not a request to " + me.shortText());
        }
        try {
            JsonNode node = ProtectJson.MAPPER.readTree(plain);
            if (!me.toString().equals(node.path("to").asText())) {
                throw new ProtectException(Reason.MALFORMED, where(request) + ": sealed \"to\" is not the owner");
            }
            return node.path("note").asText("");
        } catch (IOException e) {
            throw new ProtectException(Reason.MALFORMED, where(request) + ": sealed part is not JSON");
        }
    }

    static byte[] context(FeedId requester, FeedId owner) {
        return ByteBuffer.allocate(LABEL.length + 64)
                .put(LABEL)
                .put(requester.toBytes())
                .put(owner.toBytes())
                .array();
    }

    private static String where(Entry e) {
        return "request " + e.author().shortText() + "#" + e.seq();
    }
}
