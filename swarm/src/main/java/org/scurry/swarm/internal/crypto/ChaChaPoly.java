package org.scurry.swarm.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 AEAD (RFC 8439) with a 32-byte key. Not thread-safe: one instance per direction
 * of a link.
 *
 * <p>Through the JDK's {@code ChaCha20-Poly1305} cipher (SunJCE, Java 11+), not BouncyCastle's: the
 * bytes are the same (RFC 8439; the vectors in PrimitiveVectorsTest and the Noise vector check
 * both), and the JDK's is about 1.8× faster on the 64 KB frames of a catch-up (250 against 140 MB/s
 * on the 2-core machine of docs/performance.md), which every byte a peer sends or receives pays.
 */
public final class ChaChaPoly {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private final SecretKeySpec key;
    private Cipher encryptor;
    private Cipher decryptor;
    /** The nonce of the last decryption: the JDK refuses to be initialised twice in a row with one. */
    private byte[] lastDecryptNonce;

    private ChaChaPoly(byte[] key) {
        this.key = new SecretKeySpec(key, "ChaCha20");
    }

    /** A cipher for a copy of {@code key}; throws if it is not 32 bytes. */
    public static ChaChaPoly create(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes: " + key.length);
        }
        return new ChaChaPoly(key.clone());
    }

    /**
     * Returns ciphertext || tag ({@code plaintext.length + 16} bytes). A nonce must never be used twice
     * with one key; the JDK refuses the same nonce twice in a row (IllegalStateException here).
     */
    public byte[] encrypt(byte[] nonce, byte[] ad, byte[] plaintext, int offset, int length) {
        try {
            if (encryptor == null) {
                encryptor = newCipher();
            }
            init(encryptor, Cipher.ENCRYPT_MODE, nonce, ad);
            return encryptor.doFinal(plaintext, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed: " + e.getMessage(), e);
        }
    }

    /** Checks the tag and returns the plaintext; throws {@link AEADBadTagException} when it does not verify. */
    public byte[] decrypt(byte[] nonce, byte[] ad, byte[] ciphertext, int offset, int length)
            throws AEADBadTagException {
        if (length < TAG_LENGTH) {
            throw new AEADBadTagException("ciphertext must be ≥ 16 bytes: " + length);
        }
        try {
            if (decryptor == null) {
                decryptor = newCipher();
            }
            if (java.util.Arrays.equals(nonce, lastDecryptNonce)) {
                // A retry of the same frame (the Noise nonce stays put after a bad tag): decrypting
                // twice is harmless, so step aside from the JDK's check, meant for encryption.
                byte[] other = nonce.clone();
                other[0] ^= 1;
                decryptor.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(other));
            }
            lastDecryptNonce = nonce.clone();
            init(decryptor, Cipher.DECRYPT_MODE, nonce, ad);
            return decryptor.doFinal(ciphertext, offset, length);
        } catch (AEADBadTagException e) {
            throw new AEADBadTagException("ChaCha20-Poly1305 tag does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed: " + e.getMessage(), e);
        }
    }

    private void init(Cipher cipher, int mode, byte[] nonce, byte[] ad)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 nonce must be 12 bytes: " + nonce.length);
        }
        cipher.init(mode, key, new IvParameterSpec(nonce));
        if (ad.length > 0) {
            cipher.updateAAD(ad);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305");
        } catch (java.security.NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("this JDK has no ChaCha20-Poly1305 (Java 11+ has it)", e);
        }
    }

    @Override
    public String toString() {
        return "ChaChaPoly[key hidden]";
    }
}
