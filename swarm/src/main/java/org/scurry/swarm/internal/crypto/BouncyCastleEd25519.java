package org.scurry.swarm.internal.crypto;

import java.io.InputStream;
import java.net.URL;
import java.util.jar.Manifest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 through BouncyCastle's pure-Java {@code rfc8032.Ed25519}: the fallback when libsodium
 * cannot load, and the choice {@code bouncycastle}.
 *
 * <p>BouncyCastle (1.73 and later) checks the cofactored equation {@code [8]([S]B − R − [k]A) = 0}
 * (through Pornin's half-size scalars, "Optimizing Ed25519 signature verification", 2020), while
 * libsodium and {@link Ed25519Rule} check the cofactorless {@code [S]B − [k]A = R}. The two agree
 * when A and R are both in the prime-order subgroup. The rule has made sure of A (once per key);
 * for R, which the cofactored equation lets carry any small-order component (Ed25519EnginesAgreeIT:
 * BouncyCastle alone accepted all 10,146 such signatures there, libsodium none), this engine
 * multiplies R by L ({@code validatePublicKeyFull} on R) after the equation holds. Only the key's
 * owner can make such a signature, but nodes must not disagree about it. It costs about as much as
 * the verification itself; libsodium needs no such step, its equation rules the component out.
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
        return Ed25519.verify(signature, signatureOffset, point, message, offset, length)
                && Ed25519.validatePublicKeyFull(signature, signatureOffset);
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
