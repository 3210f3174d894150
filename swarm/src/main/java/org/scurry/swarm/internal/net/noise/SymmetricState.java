package org.scurry.swarm.internal.net.noise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.scurry.swarm.internal.crypto.Hkdf;

/**
 * Noise SymmetricState (spec rev 34 §5.2) with SHA-256: the chaining key {@code ck}, the handshake
 * hash {@code h} and a {@link CipherState}. Not thread-safe.
 */
final class SymmetricState {
    static final int HASH_LENGTH = 32;

    private final CipherState cipher = new CipherState();
    private byte[] ck;
    private byte[] h;

    SymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        h = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256(name);
        ck = h.clone();
    }

    void mixKey(byte[] ikm) {
        byte[][] out = hkdf(ck, ikm, 2);
        ck = out[0];
        cipher.initializeKey(out[1]);
    }

    void mixHash(byte[] data) {
        h = sha256(h, data);
    }

    void mixKeyAndHash(byte[] ikm) {
        byte[][] out = hkdf(ck, ikm, 3);
        ck = out[0];
        mixHash(out[1]);
        cipher.initializeKey(out[2]);
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ct = cipher.encryptWithAd(h, plaintext);
        mixHash(ct);
        return ct;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws AEADBadTagException {
        byte[] pt = cipher.decryptWithAd(h, ciphertext);
        mixHash(ciphertext);
        return pt;
    }

    /** The two transport cipher states: initiator-to-responder first. */
    CipherState[] split() {
        byte[][] out = hkdf(ck, new byte[0], 2);
        return new CipherState[] {CipherState.withKey(out[0]), CipherState.withKey(out[1])};
    }

    /** Noise's HKDF: outputs 1..n of HKDF-SHA256 with ck as salt and no info. */
    private static byte[][] hkdf(byte[] chainingKey, byte[] ikm, int outputs) {
        byte[] okm = Hkdf.expand(Hkdf.extract(chainingKey, ikm), new byte[0], outputs * HASH_LENGTH);
        byte[][] out = new byte[outputs][];
        for (int i = 0; i < outputs; i++) {
            out[i] = Arrays.copyOfRange(okm, i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
        }
        return out;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
