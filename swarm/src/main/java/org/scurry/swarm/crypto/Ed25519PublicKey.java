package org.scurry.swarm.crypto;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (RFC 8032), 32 bytes. Immutable; {@link #verify} never throws for a bad
 * signature, it returns {@code false}.
 *
 * <p>The decoded curve point is cached: decoding costs a field inversion and a square root, and
 * replication verifies many entries of the same author in a row.
 */
public final class Ed25519PublicKey {
    public static final int LENGTH = 32;

    private final byte[] bytes;
    private volatile Ed25519.PublicPoint point;

    private Ed25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes}; throws if the length is not 32. Point validity is checked on first use. */
    public static Ed25519PublicKey create(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes: " + bytes.length);
        }
        return new Ed25519PublicKey(bytes.clone());
    }

    /** Returns a copy of the 32 encoded bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the 32 encoded bytes into {@code out} at {@code offset}. */
    public void writeTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, LENGTH);
    }

    /** True when {@code signature} is a valid Ed25519 signature of {@code message[offset, offset+length)}. */
    public boolean verify(byte[] signature, byte[] message, int offset, int length) {
        if (signature.length != Ed25519Signer.SIGNATURE_LENGTH) {
            return false;
        }
        return verify(signature, 0, message, offset, length);
    }

    /**
     * True when the 64 bytes of {@code signature} at {@code signatureOffset} are a valid Ed25519
     * signature of {@code message[offset, offset+length)}: for a signature inside a larger encoding.
     * Throws IndexOutOfBoundsException when fewer than 64 bytes follow {@code signatureOffset}.
     */
    public boolean verify(byte[] signature, int signatureOffset, byte[] message, int offset, int length) {
        java.util.Objects.checkFromIndexSize(signatureOffset, Ed25519Signer.SIGNATURE_LENGTH, signature.length);
        Ed25519.PublicPoint p = point;
        if (p == null) {
            p = Ed25519.validatePublicKeyPartialExport(bytes, 0);
            if (p == null) {
                return false;
            }
            point = p;
        }
        return Ed25519.verify(signature, signatureOffset, p, message, offset, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + Base64Url.encode(bytes) + "]";
    }
}
