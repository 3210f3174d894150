package org.scurry.swarm.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.swarm.internal.crypto.Ed25519Engine;

/**
 * An Ed25519 private key (the 32-byte seed of RFC 8032) together with its public key. Signing is
 * deterministic (the same bytes whichever library {@link Crypto} selected). {@link #toString()}
 * never shows the seed.
 */
public final class Ed25519Signer {
    public static final int SEED_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    private final byte[] publicKeyBytes;

    private Ed25519Signer(byte[] seed) {
        this.seed = seed;
        byte[] pk = new byte[Ed25519PublicKey.LENGTH];
        Crypto.ed25519().publicKey(seed, pk);
        this.publicKeyBytes = pk;
        this.publicKey = Ed25519PublicKey.create(pk);
    }

    /** A signer for a copy of {@code seed}; throws if it is not 32 bytes. */
    public static Ed25519Signer fromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes: " + seed.length);
        }
        return new Ed25519Signer(seed.clone());
    }

    /** A fresh key pair from a {@link SecureRandom}. */
    public static Ed25519Signer generate() {
        byte[] seed = new byte[SEED_LENGTH];
        RANDOM.nextBytes(seed);
        return new Ed25519Signer(seed);
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** Returns a copy of the secret seed: callers must not log or leave it lying around. */
    public byte[] seed() {
        return seed.clone();
    }

    /** Signs {@code message[offset, offset+length)}; returns the 64-byte signature. */
    public byte[] sign(byte[] message, int offset, int length) {
        return sign(Crypto.ed25519(), message, offset, length);
    }

    /** {@link #sign(byte[], int, int)} on a given engine (tests hold the two to each other). */
    byte[] sign(Ed25519Engine engine, byte[] message, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, message.length);
        byte[] sig = new byte[SIGNATURE_LENGTH];
        engine.sign(seed, publicKeyBytes, message, offset, length, sig);
        return sig;
    }

    public byte[] sign(byte[] message) {
        return sign(message, 0, message.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519Signer other && Arrays.equals(seed, other.seed);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519Signer[public=" + publicKey + "]";
    }
}
