package org.scurry.swarm.crypto;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.swarm.internal.crypto.Ed25519Engine;
import org.scurry.swarm.internal.crypto.Ed25519Rule;

/**
 * An Ed25519 public key (RFC 8032), 32 bytes. Immutable; {@link #verify} never throws for a bad
 * signature, it returns {@code false}. What verifies is {@link Ed25519Rule}'s, whichever library
 * {@link Crypto} selected computes it.
 *
 * <p>Whether the rule accepts the key, and its decoded curve point, are cached: the check costs a
 * square root and a multiplication by the group order, and replication verifies many entries of
 * the same author in a row.
 */
public final class Ed25519PublicKey {
    public static final int LENGTH = 32;

    /** Cached in {@link #checked} for a key the rule refuses. */
    private static final Object REFUSED = new Object();

    private final byte[] bytes;
    /** Null until first checked; then the decoded point, or {@link #REFUSED}. */
    private volatile Object checked;

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
        return verify(Crypto.ed25519(), signature, signatureOffset, message, offset, length);
    }

    /** {@link #verify(byte[], int, byte[], int, int)} on a given engine (tests hold the two to each other). */
    boolean verify(
            Ed25519Engine engine, byte[] signature, int signatureOffset, byte[] message, int offset, int length) {
        java.util.Objects.checkFromIndexSize(signatureOffset, Ed25519Signer.SIGNATURE_LENGTH, signature.length);
        java.util.Objects.checkFromIndexSize(offset, length, message.length);
        if (!Ed25519Rule.acceptsSignatureEncoding(signature, signatureOffset)) {
            return false;
        }
        Object p = acceptedPoint();
        return p != REFUSED
                && engine.verify(signature, signatureOffset, bytes, (Ed25519.PublicPoint) p, message, offset, length);
    }

    private Object acceptedPoint() {
        Object p = checked;
        if (p == null) {
            Ed25519.PublicPoint decoded = Ed25519Rule.acceptedKeyPoint(bytes);
            p = decoded == null ? REFUSED : decoded;
            checked = p;
        }
        return p;
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
