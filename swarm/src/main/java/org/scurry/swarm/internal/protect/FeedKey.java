package org.scurry.swarm.internal.protect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.crypto.Hkdf;

/**
 * The symmetric key of one epoch of a protected feed (32 bytes, for ChaCha20-Poly1305). Immutable;
 * {@link #toString()} never shows the key.
 *
 * <p>Key schedule (docs/protected.md): the owner never stores feed keys, it derives them from its
 * identity seed, so every node holding the identity reads and writes every epoch:
 *
 * <pre>
 * K(epoch) = HKDF-SHA256(salt = "scurry-feed-key-v1", ikm = Ed25519 seed (32),
 *                        info = feed id (32) || epoch (4, big-endian), length 32)
 * </pre>
 *
 * A follower learns K(e) only from a grant sealed to its X25519 key; knowing K(1) says nothing about
 * K(2) (HKDF outputs for different info are independent), which is what revocation relies on.
 */
final class FeedKey {
    public static final int LENGTH = 32;
    static final byte[] SALT = "scurry-feed-key-v1".getBytes(StandardCharsets.US_ASCII);

    private final FeedId feed;
    private final int epoch;
    private final byte[] key;

    private FeedKey(FeedId feed, int epoch, byte[] key) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be ≥ 1: " + epoch);
        }
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("feed key must be 32 bytes: " + key.length);
        }
        this.feed = feed;
        this.epoch = epoch;
        this.key = key;
    }

    /** The key of {@code epoch} of the owner's own feed. */
    public static FeedKey derive(Ed25519Signer owner, int epoch) {
        FeedId feed = FeedId.of(owner.publicKey());
        byte[] info = ByteBuffer.allocate(36).put(feed.toBytes()).putInt(epoch).array();
        byte[] seed = owner.seed();
        try {
            return new FeedKey(feed, epoch, Hkdf.derive(SALT, seed, info, LENGTH));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** A key received in a grant (a copy of {@code key} is kept). */
    public static FeedKey of(FeedId feed, int epoch, byte[] key) {
        return new FeedKey(feed, epoch, key.clone());
    }

    public FeedId feed() {
        return feed;
    }

    public int epoch() {
        return epoch;
    }

    /** A copy of the key bytes: callers must not log them. */
    public byte[] toBytes() {
        return key.clone();
    }

    /** The key without copying, for this package's ciphers. */
    byte[] bytesUnsafe() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedKey other
                && other.epoch == epoch
                && other.feed.equals(feed)
                && java.security.MessageDigest.isEqual(other.key, key);
    }

    @Override
    public int hashCode() {
        return feed.hashCode() * 31 + epoch;
    }

    @Override
    public String toString() {
        return "FeedKey[" + feed.shortText() + " epoch " + epoch + ", key hidden]";
    }
}
