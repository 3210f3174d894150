package org.scurry.swarm.internal.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869). Thread-safe: each call uses its own MAC. */
public final class Hkdf {
    public static final int HASH_LENGTH = 32;

    private Hkdf() {}

    /** HMAC-SHA256 of the concatenated {@code data} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[]... data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty HMAC key is legal (RFC 2104) but SecretKeySpec refuses it: pad to one zero block byte.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[HASH_LENGTH] : key, "HmacSHA256"));
            for (byte[] d : data) {
                mac.update(d);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime must provide HmacSHA256", e);
        }
    }

    /** HKDF-Extract: PRK = HMAC(salt, ikm). An empty salt stands for 32 zero bytes. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt, ikm);
    }

    /** HKDF-Expand: the first {@code length} bytes of T(1) || T(2) ...; length ≤ 255 * 32. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length must be 0..8160: " + length);
        }
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        for (int i = 1, off = 0; off < length; i++) {
            t = hmac(prk, t, info, new byte[] {(byte) i});
            int n = Math.min(HASH_LENGTH, length - off);
            System.arraycopy(t, 0, out, off, n);
            off += n;
        }
        return out;
    }

    /** Extract then expand. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }
}
