package org.scurry.swarm.internal.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.scurry.swarm.crypto.Ed25519PublicKey;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * The arithmetic behind {@link Ed25519Signer} and {@link Ed25519PublicKey}: one implementation per
 * library, chosen by {@link Crypto}. Thread-safe; never blocks. Both produce the same bytes when
 * signing (RFC 8032 signing is deterministic) and, given inputs that passed {@link Ed25519Rule},
 * the same verdict.
 */
public interface Ed25519Engine {
    /** What is in use, for status and logs: {@code "libsodium 1.0.18"}, {@code "BouncyCastle 1.83"}. */
    String name();

    /** Writes the 32-byte public key of a 32-byte seed into {@code out}. */
    void publicKey(byte[] seed, byte[] out);

    /** Writes the 64-byte signature of {@code message[offset, offset+length)} into {@code signature}. */
    void sign(byte[] seed, byte[] publicKey, byte[] message, int offset, int length, byte[] signature);

    /**
     * The equation of {@link Ed25519Rule} for a signature and key that already passed its encoding
     * and key checks ({@code point} is the key's decoded point, for engines that want it).
     */
    boolean verify(
            byte[] signature,
            int signatureOffset,
            byte[] publicKey,
            Ed25519.PublicPoint point,
            byte[] message,
            int offset,
            int length);
}
