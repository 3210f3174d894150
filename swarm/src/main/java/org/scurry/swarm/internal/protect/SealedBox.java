package org.scurry.swarm.internal.protect;

import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.scurry.swarm.internal.crypto.ChaChaPoly;
import org.scurry.swarm.internal.crypto.Hkdf;
import org.scurry.swarm.internal.crypto.X25519;

/**
 * A message sealed to one X25519 public key, anonymous to everyone else (grants and follow requests
 * use it). A fresh ephemeral key per box makes the derived key single-use, so the nonce is fixed.
 *
 * <pre>
 * e          = fresh X25519 key pair
 * k          = HKDF-SHA256(salt = e.public || recipient, ikm = X25519(e.private, recipient),
 *                          info = context, length 32)
 * box        = e.public (32) || ChaCha20-Poly1305(k, nonce = 12 zero bytes, ad = context, plaintext)
 * </pre>
 *
 * {@code context} names what the box is for and binds it (for a grant: owner, recipient, epoch), so
 * a box copied into another context does not open. Stateless and thread-safe.
 */
final class SealedBox {
    static final int OVERHEAD = X25519.KEY_LENGTH + ChaChaPoly.TAG_LENGTH;
    private static final byte[] ZERO_NONCE = new byte[ChaChaPoly.NONCE_LENGTH];

    private SealedBox() {}

    static byte[] seal(byte[] recipientPublic, byte[] context, byte[] plaintext) {
        return seal(X25519.KeyPair.generate(), recipientPublic, context, plaintext);
    }

    /** With a given ephemeral key: for test vectors only. */
    static byte[] seal(X25519.KeyPair ephemeral, byte[] recipientPublic, byte[] context, byte[] plaintext) {
        byte[] ePub = ephemeral.publicKey();
        byte[] k = key(ephemeral.agree(recipientPublic), ePub, recipientPublic, context);
        byte[] ct = ChaChaPoly.create(k).encrypt(ZERO_NONCE, context, plaintext, 0, plaintext.length);
        Arrays.fill(k, (byte) 0);
        byte[] box = new byte[ePub.length + ct.length];
        System.arraycopy(ePub, 0, box, 0, ePub.length);
        System.arraycopy(ct, 0, box, ePub.length, ct.length);
        return box;
    }

    /**
     * Opens a box with the recipient's key pair; throws {@link AEADBadTagException} when it was sealed
     * to another key, for another context, or altered, and {@link IllegalArgumentException} when it is
     * too short or its ephemeral key is of small order.
     */
    static byte[] open(X25519.KeyPair recipient, byte[] context, byte[] box) throws AEADBadTagException {
        if (box.length < OVERHEAD) {
            throw new IllegalArgumentException("sealed box must be ≥ " + OVERHEAD + " bytes: " + box.length);
        }
        byte[] ePub = Arrays.copyOf(box, X25519.KEY_LENGTH);
        byte[] rPub = recipient.publicKey();
        byte[] k = key(recipient.agree(ePub), ePub, rPub, context);
        try {
            return ChaChaPoly.create(k)
                    .decrypt(ZERO_NONCE, context, box, X25519.KEY_LENGTH, box.length - X25519.KEY_LENGTH);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    private static byte[] key(byte[] shared, byte[] ePub, byte[] rPub, byte[] context) {
        byte[] salt = new byte[ePub.length + rPub.length];
        System.arraycopy(ePub, 0, salt, 0, ePub.length);
        System.arraycopy(rPub, 0, salt, ePub.length, rPub.length);
        byte[] k = Hkdf.derive(salt, shared, context, ChaChaPoly.KEY_LENGTH);
        Arrays.fill(shared, (byte) 0);
        return k;
    }
}
