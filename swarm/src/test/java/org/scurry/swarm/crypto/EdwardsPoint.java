package org.scurry.swarm.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Affine points of edwards25519 in BigInteger arithmetic, for tests that build the inputs on which
 * libraries disagree (small-order and mixed-order points, hand-made signatures). Slow and simple on
 * purpose: independent of both libraries under test.
 */
record EdwardsPoint(BigInteger x, BigInteger y) {
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    static final BigInteger L =
            BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);
    static final BigInteger SQRT_M1 =
            BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    static final EdwardsPoint NEUTRAL = new EdwardsPoint(BigInteger.ZERO, BigInteger.ONE);

    /** Decodes a canonical RFC 8032 encoding; null when it is not a point (or not canonical). */
    static EdwardsPoint decode(byte[] b) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = b[31 - i];
        }
        int sign = (be[0] >> 7) & 1;
        be[0] &= 0x7f;
        BigInteger y = new BigInteger(1, be);
        if (y.compareTo(P) >= 0) {
            return null;
        }
        BigInteger u = y.multiply(y).subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y).multiply(y).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).mod(P).equals(x2)) {
            x = x.multiply(SQRT_M1).mod(P);
        }
        if (!x.multiply(x).mod(P).equals(x2)) {
            return null;
        }
        if (x.signum() == 0 && sign == 1) {
            return null;
        }
        if (x.testBit(0) != (sign == 1)) {
            x = P.subtract(x).mod(P);
        }
        return new EdwardsPoint(x, y);
    }

    byte[] encode() {
        byte[] out = le(y, 32);
        if (x.testBit(0)) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    EdwardsPoint add(EdwardsPoint q) {
        BigInteger xx = x.multiply(q.x).mod(P);
        BigInteger yy = y.multiply(q.y).mod(P);
        BigInteger dxy = D.multiply(xx).multiply(yy).mod(P);
        BigInteger x3 = x.multiply(q.y)
                .add(q.x.multiply(y))
                .multiply(BigInteger.ONE.add(dxy).modInverse(P));
        BigInteger y3 = yy.add(xx).multiply(BigInteger.ONE.subtract(dxy).mod(P).modInverse(P));
        return new EdwardsPoint(x3.mod(P), y3.mod(P));
    }

    /** [n]this by double-and-add (slow: for the few points of small order). */
    EdwardsPoint times(BigInteger n) {
        EdwardsPoint r = NEUTRAL;
        for (int i = n.bitLength() - 1; i >= 0; i--) {
            r = r.add(r);
            if (n.testBit(i)) {
                r = r.add(this);
            }
        }
        return r;
    }

    /** Little-endian, {@code length} bytes, of a non-negative integer that fits. */
    static byte[] le(BigInteger n, int length) {
        byte[] be = n.toByteArray();
        byte[] out = new byte[length];
        for (int i = 0; i < length && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    static BigInteger fromLe(byte[] b, int offset, int length) {
        byte[] be = new byte[length];
        for (int i = 0; i < length; i++) {
            be[i] = b[offset + length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    static byte[] sha512(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
