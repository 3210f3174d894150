package org.scurry.swarm.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * A history server's signed statement "I hold {@code feed} from seq 1 up to {@code seq}, whose entry
 * there is {@code entry}" (DESIGN.md §6). A client may prune entries of a feed only up to the
 * highest seq such a receipt covers; the entry id ties the receipt to one chain, so a receipt for
 * a fork or a forged chain covers nothing here.
 *
 * <pre>
 * signed bytes: "scurry-custody-v1" (17 ASCII) || server key (32) || feed key (32) || seq u64
 *               || entry id (32) || timestamp u64
 * wire (176 bytes): server (32) feed (32) seq u64, entry id (32), timestamp u64, signature (64)
 * </pre>
 */
public record CustodyReceipt(FeedId server, FeedId feed, long seq, EntryId entry, long timestamp, byte[] signature) {
    private static final byte[] LABEL = "scurry-custody-v1".getBytes(StandardCharsets.US_ASCII);
    public static final int WIRE_LENGTH = 32 + 32 + 8 + 32 + 8 + 64;

    public CustodyReceipt {
        if (seq < 1) {
            throw new IllegalArgumentException("a custody receipt covers seq ≥ 1: " + seq);
        }
        if (signature.length != Ed25519Signer.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("receipt signature must be 64 bytes: " + signature.length);
        }
        signature = signature.clone();
    }

    public static CustodyReceipt sign(Ed25519Signer server, FeedId feed, long seq, EntryId entry, long timestamp) {
        FeedId id = FeedId.of(server.publicKey());
        return new CustodyReceipt(
                id, feed, seq, entry, timestamp, server.sign(signed(id, feed, seq, entry, timestamp)));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** True when {@link #server} signed exactly these fields. */
    public boolean verifies() {
        byte[] m = signed(server, feed, seq, entry, timestamp);
        return server.key().verify(signature, m, 0, m.length);
    }

    private static byte[] signed(FeedId server, FeedId feed, long seq, EntryId entry, long timestamp) {
        return ByteBuffer.allocate(LABEL.length + 32 + 32 + 8 + 32 + 8)
                .put(LABEL)
                .put(server.toBytes())
                .put(feed.toBytes())
                .putLong(seq)
                .put(entry.toBytes())
                .putLong(timestamp)
                .array();
    }

    @Override
    public String toString() {
        return "CustodyReceipt[" + server.shortText() + " holds " + feed.shortText() + " 1.." + seq + "]";
    }
}
