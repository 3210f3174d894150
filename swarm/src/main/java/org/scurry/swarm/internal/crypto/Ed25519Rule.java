package org.scurry.swarm.internal.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.scurry.swarm.crypto.Ed25519PublicKey;

/**
 * Which Ed25519 signatures Scurry accepts: the checks made in Java before either library is asked,
 * so that libsodium and BouncyCastle decide alike (docs/entry-format.md, "Which signatures
 * verify"). In short: S &lt; L; R and A canonically encoded and not of small order; A in the
 * prime-order subgroup; and the cofactorless equation {@code encode([S]B − [k]A) = R}. A signature
 * made by RFC 8032 signing always passes; what fails is malleated or crafted.
 *
 * <p>The library then only computes the equation. libsodium's is this one; BouncyCastle's is the
 * cofactored one, which also accepts an R carrying a small-order component, so its engine also
 * requires R to be in the prime-order subgroup, as the cofactorless equation implies when A is
 * (see {@link BouncyCastleEd25519}).
 */
public final class Ed25519Rule {
    /** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
    private static final byte[] L = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    /**
     * The y coordinates of the eight points of small order (sign bit clear): 0 (order 4), 1 (the
     * neutral point), p − 1 (order 2) and the two of order 8. With either sign bit, an encoding
     * whose y is one of these is a small-order point (or not a point), whatever x's sign says.
     */
    private static final byte[][] SMALL_ORDER_Y = {
        hex("0000000000000000000000000000000000000000000000000000000000000000"),
        hex("0100000000000000000000000000000000000000000000000000000000000000"),
        hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    };

    private Ed25519Rule() {}

    /**
     * True when the 64 bytes at {@code offset} pass the rule's checks on the signature's own
     * encoding: S &lt; L, R canonical (y &lt; p) and R not of small order. Cheap: byte comparisons.
     */
    public static boolean acceptsSignatureEncoding(byte[] signature, int offset) {
        return isCanonicalScalar(signature, offset + 32)
                && isCanonicalPoint(signature, offset)
                && !isSmallOrder(signature, offset);
    }

    /**
     * The decoded point of {@code publicKey} when the rule accepts it as a key: canonical, not of
     * small order, on the curve and in the prime-order subgroup ([L]A is the neutral point). Null
     * otherwise. Costs about one scalar multiplication: callers cache the answer per key.
     */
    public static Ed25519.PublicPoint acceptedKeyPoint(byte[] publicKey) {
        if (publicKey.length != Ed25519PublicKey.LENGTH
                || !isCanonicalPoint(publicKey, 0)
                || isSmallOrder(publicKey, 0)) {
            return null;
        }
        return Ed25519.validatePublicKeyFullExport(publicKey, 0);
    }

    /** S (32 bytes little-endian at {@code offset}) &lt; L. */
    public static boolean isCanonicalScalar(byte[] b, int offset) {
        for (int i = 31; i >= 0; i--) {
            int s = b[offset + i] & 0xff;
            int l = L[i] & 0xff;
            if (s != l) {
                return s < l;
            }
        }
        return false; // S = L
    }

    /** The y coordinate (the 255 low bits, little-endian) is &lt; p = 2^255 − 19. */
    public static boolean isCanonicalPoint(byte[] b, int offset) {
        if ((b[offset + 31] & 0x7f) != 0x7f) {
            return true;
        }
        for (int i = 30; i >= 1; i--) {
            if ((b[offset + i] & 0xff) != 0xff) {
                return true;
            }
        }
        return (b[offset] & 0xff) < 0xed;
    }

    /** The encoding's y (sign bit ignored) is that of a point of small order. */
    public static boolean isSmallOrder(byte[] b, int offset) {
        for (byte[] y : SMALL_ORDER_Y) {
            boolean same = (b[offset + 31] & 0x7f) == y[31];
            for (int i = 0; same && i < 31; i++) {
                same = b[offset + i] == y[i];
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
