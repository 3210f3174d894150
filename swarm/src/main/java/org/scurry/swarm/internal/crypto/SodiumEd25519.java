package org.scurry.swarm.internal.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 through libsodium ({@code crypto_sign_*}): 1.6–1.8 times BouncyCastle's verification rate
 * per CPU-second on our machines. libsodium's own checks (S &lt; L, canonical A, no small-order A or
 * R, the cofactorless equation compared on R's bytes) are those of {@link Ed25519Rule}, which has
 * already applied them, apart from the equation itself.
 */
final class SodiumEd25519 implements Ed25519Engine {
    private final Sodium sodium;
    private final String name;

    SodiumEd25519(Sodium sodium) {
        this.sodium = sodium;
        this.name = "libsodium " + sodium.version();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void publicKey(byte[] seed, byte[] out) {
        sodium.publicKey(seed, out);
    }

    @Override
    public void sign(byte[] seed, byte[] publicKey, byte[] message, int offset, int length, byte[] signature) {
        sodium.sign(seed, publicKey, message, offset, length, signature);
    }

    @Override
    public boolean verify(
            byte[] signature,
            int signatureOffset,
            byte[] publicKey,
            Ed25519.PublicPoint point,
            byte[] message,
            int offset,
            int length) {
        return sodium.verify(signature, signatureOffset, publicKey, message, offset, length);
    }
}
