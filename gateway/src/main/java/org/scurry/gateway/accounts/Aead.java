package org.scurry.gateway.accounts;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 (RFC 8439) from the JDK, with a fresh random nonce per message. A sealed box is
 *
 * <pre>
 * +------------+------------------------+-----------+
 * | nonce (12) | ciphertext (= plain)   | tag (16)  |
 * +------------+------------------------+-----------+
 * </pre>
 *
 * Random 96-bit nonces are safe here: a key seals a handful of messages (a data key seals one seed,
 * the master key wraps one data key per account write), far from the 2^32 where collisions matter.
 */
final class Aead {
    static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final String NAME = "ChaCha20-Poly1305";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The authentication tag did not match: wrong key, wrong associated data, or changed bytes. */
    static final class TagMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        TagMismatch() {
            super("authentication failed");
        }
    }

    private Aead() {}

    static byte[] seal(byte[] key, byte[] plaintext, byte[] associatedData) {
        byte[] nonce = random(NONCE_LENGTH);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            c.updateAAD(associatedData);
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_LENGTH + ct.length)
                    .put(nonce)
                    .put(ct)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(NAME + " is not usable in this JVM", e);
        }
    }

    /** Opens a box made by {@link #seal}; throws TagMismatch if anything about it is not right. */
    static byte[] open(byte[] key, byte[] box, byte[] associatedData) throws TagMismatch {
        if (box.length < NONCE_LENGTH + TAG_LENGTH) {
            throw new TagMismatch();
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(box, NONCE_LENGTH));
            c.updateAAD(associatedData);
            return c.doFinal(box, NONCE_LENGTH, box.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new TagMismatch();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(NAME + " is not usable in this JVM", e);
        }
    }

    static byte[] random(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(NAME + " key must be 32 bytes: " + key.length);
        }
        Cipher c = Cipher.getInstance(NAME);
        c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        return c;
    }
}
