package org.scurry.swarm.crypto;

import java.io.InputStream;
import java.net.URL;
import java.util.jar.Manifest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 through BouncyCastle's pure-Java {@code rfc8032.Ed25519}: the fallback when libsodium
 * cannot load, and the choice {@code bouncycastle}.
 *
 * <p>BouncyCastle checks {@code [v]([S]B − R − [k]A) = 0} for a 128-bit v derived from k (Pornin,
 * "Optimizing Ed25519 signature verification", 2020): when R carries a small-order component T
 * whose order divides v, that equation holds although the cofactorless one does not, and libsodium
 * refuses the signature. Only the key's owner can make such a signature, but nodes must not
 * disagree about it, so this engine first requires R to be in the prime-order subgroup
 * ({@code validatePublicKeyFull} on R: decode and multiply by L). With A and R both in that
 * subgroup the two equations are the same. It roughly doubles the cost of a verification here;
 * libsodium needs no such step (its equation compares R's bytes, which rules the component out).
 */
final class BouncyCastleEd25519 implements Ed25519Engine {
    static final BouncyCastleEd25519 INSTANCE = new BouncyCastleEd25519();

    private final String name = "BouncyCastle " + version();

    private BouncyCastleEd25519() {}

    @Override
    public String name() {
        return name;
    }

    @Override
    public void publicKey(byte[] seed, byte[] out) {
        Ed25519.generatePublicKey(seed, 0, out, 0);
    }

    @Override
    public void sign(byte[] seed, byte[] publicKey, byte[] message, int offset, int length, byte[] signature) {
        Ed25519.sign(seed, 0, publicKey, 0, message, offset, length, signature, 0);
    }

    @Override
    public boolean verify(
            byte[] signature,
            int signatureOffset,
            byte[] publicKey,
            Ed25519.PublicPoint point,
            byte[] message,
            int offset,
            int length) {
        return Ed25519.validatePublicKeyFull(signature, signatureOffset)
                && Ed25519.verify(signature, signatureOffset, point, message, offset, length);
    }

    /** The Bundle-Version of BouncyCastle's jar, or "(version unknown)". */
    private static String version() {
        try {
            URL self = Ed25519.class.getResource("Ed25519.class");
            String s = self == null ? "" : self.toString();
            int bang = s.indexOf("!/");
            if (s.startsWith("jar:") && bang > 0) {
                try (InputStream in = new URL(s.substring(0, bang + 2) + "META-INF/MANIFEST.MF").openStream()) {
                    String v = new Manifest(in).getMainAttributes().getValue("Bundle-Version");
                    if (v != null) {
                        return v;
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a name for status only: fall through
        }
        return "(version unknown)";
    }
}
