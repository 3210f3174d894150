package org.scurry.swarm.internal.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519PublicKey;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * X25519 Diffie-Hellman (RFC 7748) and the conversion of Ed25519 identity keys to X25519 keys, so
 * that one identity serves both for signing entries and as a Noise static key.
 *
 * <p>The conversions are those of libsodium: {@link #privateFromEd25519Seed} is
 * {@code crypto_sign_ed25519_sk_to_curve25519} (the first 32 bytes of SHA-512 of the seed) and
 * {@link #publicFromEd25519} is {@code crypto_sign_ed25519_pk_to_curve25519} (the Montgomery
 * u = (1 + y) / (1 - y) mod 2^255 - 19 of the Edwards point). Keys are raw 32-byte little-endian
 * strings as in RFC 7748.
 */
public final class X25519 {
    public static final int KEY_LENGTH = 32;

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final SecureRandom RANDOM = new SecureRandom();

    private X25519() {}

    /** An X25519 key pair. The private scalar is kept as given (X25519 clamps it when used). */
    public static final class KeyPair {
        private final byte[] privateKey;
        private final byte[] publicKey;

        private KeyPair(byte[] privateKey) {
            this.privateKey = privateKey;
            this.publicKey = publicFromPrivate(privateKey);
        }

        /** The key pair of a copy of {@code privateKey}; throws if it is not 32 bytes. */
        public static KeyPair fromPrivate(byte[] privateKey) {
            checkLength("X25519 private key", privateKey);
            return new KeyPair(privateKey.clone());
        }

        /** A fresh key pair from a {@link SecureRandom}. */
        public static KeyPair generate() {
            byte[] k = new byte[KEY_LENGTH];
            org.bouncycastle.math.ec.rfc7748.X25519.generatePrivateKey(RANDOM, k);
            return new KeyPair(k);
        }

        /** The key pair derived from an Ed25519 identity (see the class comment). */
        public static KeyPair fromEd25519(Ed25519Signer identity) {
            return new KeyPair(privateFromEd25519Seed(identity.seed()));
        }

        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** A copy of the private scalar: callers must not log it. */
        public byte[] privateKey() {
            return privateKey.clone();
        }

        /**
         * The shared secret with {@code remotePublic}. Throws {@link IllegalArgumentException} when the
         * result is all zeros (the remote key is of small order), which no honest peer sends.
         */
        public byte[] agree(byte[] remotePublic) {
            return X25519.agree(privateKey, remotePublic);
        }

        @Override
        public String toString() {
            return "X25519.KeyPair[public=" + Base64Url.encode(publicKey) + "]";
        }
    }

    /** The public key {@code X25519(k, 9)} of a private scalar. */
    public static byte[] publicFromPrivate(byte[] privateKey) {
        checkLength("X25519 private key", privateKey);
        byte[] out = new byte[KEY_LENGTH];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(privateKey, 0, out, 0);
        return out;
    }

    /** {@code X25519(privateKey, remotePublic)}; throws when the result is all zeros. */
    public static byte[] agree(byte[] privateKey, byte[] remotePublic) {
        checkLength("X25519 private key", privateKey);
        checkLength("X25519 public key", remotePublic);
        byte[] out = new byte[KEY_LENGTH];
        if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(privateKey, 0, remotePublic, 0, out, 0)) {
            throw new IllegalArgumentException(
                    "X25519 agreement is all zeros (small-order public key): " + Base64Url.encode(remotePublic));
        }
        return out;
    }

    /** The X25519 private scalar of an Ed25519 seed: the first 32 bytes of SHA-512(seed). */
    public static byte[] privateFromEd25519Seed(byte[] seed) {
        checkLength("Ed25519 seed", seed);
        try {
            byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
            byte[] k = Arrays.copyOf(h, KEY_LENGTH);
            Arrays.fill(h, (byte) 0);
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-512", e);
        }
    }

    /**
     * The X25519 public key of an Ed25519 public key: u = (1 + y) / (1 - y) mod 2^255 - 19. Throws
     * {@link IllegalArgumentException} when the key is not a valid Ed25519 point or has small order
     * (as libsodium does).
     */
    public static byte[] publicFromEd25519(Ed25519PublicKey key) {
        byte[] ed = key.toBytes();
        if (!Ed25519.validatePublicKeyFull(ed, 0)) {
            throw new IllegalArgumentException("not a valid Ed25519 public key: " + Base64Url.encode(ed));
        }
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            be[i] = ed[KEY_LENGTH - 1 - i];
        }
        be[0] &= 0x7f; // the top bit is the sign of x
        BigInteger y = new BigInteger(1, be);
        BigInteger u = BigInteger.ONE
                .add(y)
                .multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P))
                .mod(P);
        byte[] uBe = u.toByteArray();
        byte[] out = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH && i < uBe.length; i++) {
            out[i] = uBe[uBe.length - 1 - i];
        }
        return out;
    }

    private static void checkLength(String what, byte[] bytes) {
        if (bytes.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be 32 bytes: " + bytes.length);
        }
    }
}
