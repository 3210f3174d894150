package org.scurry.swarm.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * A history server's signed "I am alive at {@code timestamp}", carrying its announcement (the
 * {@code history} entry of its feed) so that a node learns the server's address and capacity
 * without replicating its feed. Gossiped to every peer; a node ranks only servers whose latest
 * heartbeat it received within the liveness time.
 *
 * <pre>
 * signed bytes: "scurry-heartbeat-v1" (19 ASCII) || server key (32) || announcement id (32) || timestamp u64
 * </pre>
 *
 * The signature is by the server's identity key, the same that signed the announcement.
 */
public record Heartbeat(Entry announcement, long timestamp, byte[] signature) {
    private static final byte[] LABEL = "scurry-heartbeat-v1".getBytes(StandardCharsets.US_ASCII);
    public static final int SIGNATURE_LENGTH = Ed25519Signer.SIGNATURE_LENGTH;

    public Heartbeat {
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("heartbeat signature must be 64 bytes: " + signature.length);
        }
        signature = signature.clone();
    }

    public static Heartbeat sign(Ed25519Signer signer, Entry announcement, long timestamp) {
        if (!FeedId.of(signer.publicKey()).equals(announcement.author())) {
            throw new IllegalArgumentException("a heartbeat is signed by the author of its announcement");
        }
        return new Heartbeat(announcement, timestamp, signer.sign(signed(announcement, timestamp)));
    }

    public FeedId server() {
        return announcement.author();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** True when the signature is the announcement author's over this heartbeat. */
    public boolean verifies() {
        byte[] m = signed(announcement, timestamp);
        return announcement.author().key().verify(signature, m, 0, m.length);
    }

    private static byte[] signed(Entry announcement, long timestamp) {
        return ByteBuffer.allocate(LABEL.length + 32 + 32 + 8)
                .put(LABEL)
                .put(announcement.author().toBytes())
                .put(announcement.id().toBytes())
                .putLong(timestamp)
                .array();
    }
}
