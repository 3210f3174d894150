package org.scurry.swarm.internal.net.noise;

import javax.crypto.AEADBadTagException;
import org.scurry.swarm.internal.crypto.ChaChaPoly;

/**
 * Noise CipherState (spec rev 34 §5.1) for ChaChaPoly: a key and a 64-bit counter nonce, encoded as
 * 32 zero bits followed by the little-endian counter. Without a key, encryption is the identity (as
 * the spec says for the first handshake message of patterns without psk). Not thread-safe.
 */
public final class CipherState {
    /** 2^64 - 1 is reserved by the spec; reaching it ends the link. */
    private static final long MAX_NONCE = -1L;

    private ChaChaPoly cipher;
    private long n;

    CipherState() {}

    /** A cipher state holding {@code key} with nonce 0. */
    public static CipherState withKey(byte[] key) {
        CipherState cs = new CipherState();
        cs.initializeKey(key);
        return cs;
    }

    void initializeKey(byte[] key) {
        cipher = ChaChaPoly.create(key);
        n = 0;
    }

    public boolean hasKey() {
        return cipher != null;
    }

    /** The next nonce, for tests. */
    public long nonce() {
        return n;
    }

    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
        return encryptWithAd(ad, plaintext, 0, plaintext.length);
    }

    public byte[] encryptWithAd(byte[] ad, byte[] plaintext, int offset, int length) {
        if (cipher == null) {
            return java.util.Arrays.copyOfRange(plaintext, offset, offset + length);
        }
        checkNonce();
        byte[] out = cipher.encrypt(nonceBytes(n), ad, plaintext, offset, length);
        n++;
        return out;
    }

    /** Decrypts and advances the nonce; on a bad tag throws and leaves the nonce unchanged. */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws AEADBadTagException {
        return decryptWithAd(ad, ciphertext, 0, ciphertext.length);
    }

    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext, int offset, int length) throws AEADBadTagException {
        if (cipher == null) {
            return java.util.Arrays.copyOfRange(ciphertext, offset, offset + length);
        }
        checkNonce();
        byte[] out = cipher.decrypt(nonceBytes(n), ad, ciphertext, offset, length);
        n++;
        return out;
    }

    private void checkNonce() {
        if (n == MAX_NONCE) {
            throw new IllegalStateException("Noise nonce exhausted: the link must be re-established");
        }
    }

    private static byte[] nonceBytes(long n) {
        byte[] nonce = new byte[ChaChaPoly.NONCE_LENGTH];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
        }
        return nonce;
    }
}
