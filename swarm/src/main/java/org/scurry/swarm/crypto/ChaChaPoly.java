package org.scurry.swarm.crypto;

import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * ChaCha20-Poly1305 AEAD (RFC 8439) with a 32-byte key, through BouncyCastle's low-level API. Not
 * thread-safe: one instance per direction of a link.
 */
public final class ChaChaPoly {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private final KeyParameter key;
    private final ChaCha20Poly1305 cipher = new ChaCha20Poly1305();

    private ChaChaPoly(byte[] key) {
        this.key = new KeyParameter(key);
    }

    /** A cipher for a copy of {@code key}; throws if it is not 32 bytes. */
    public static ChaChaPoly create(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes: " + key.length);
        }
        return new ChaChaPoly(key.clone());
    }

    /** Returns ciphertext || tag ({@code plaintext.length + 16} bytes). */
    public byte[] encrypt(byte[] nonce, byte[] ad, byte[] plaintext, int offset, int length) {
        cipher.init(true, new AEADParameters(key, TAG_LENGTH * 8, nonce, ad));
        byte[] out = new byte[length + TAG_LENGTH];
        int n = cipher.processBytes(plaintext, offset, length, out, 0);
        try {
            cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail", e);
        }
        return out;
    }

    /** Checks the tag and returns the plaintext; throws {@link AEADBadTagException} when it does not verify. */
    public byte[] decrypt(byte[] nonce, byte[] ad, byte[] ciphertext, int offset, int length)
            throws AEADBadTagException {
        if (length < TAG_LENGTH) {
            throw new AEADBadTagException("ciphertext must be ≥ 16 bytes: " + length);
        }
        cipher.init(false, new AEADParameters(key, TAG_LENGTH * 8, nonce, ad));
        byte[] out = new byte[length - TAG_LENGTH];
        int n = cipher.processBytes(ciphertext, offset, length, out, 0);
        try {
            cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new AEADBadTagException("ChaCha20-Poly1305 tag does not verify");
        }
        return out;
    }

    @Override
    public String toString() {
        return "ChaChaPoly[key hidden]";
    }
}
