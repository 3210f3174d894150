package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.internal.crypto.ChaChaPoly;
import org.scurry.swarm.internal.crypto.Ed25519Engine;
import org.scurry.swarm.internal.crypto.Hkdf;
import org.scurry.swarm.internal.crypto.X25519;

/**
 * Every case of Project Wycheproof's Ed25519, X25519, ChaCha20-Poly1305 and HKDF-SHA256 files
 * against the project's classes: Ed25519 on both engines (BouncyCastle and libsodium), which must
 * also agree case by case. Each test counts the cases it ran, so a file that silently lost its
 * cases fails.
 */
class WycheproofTest {

    @Test
    void ed25519BothEnginesAcceptExactlyTheValidSignatures() {
        List<Ed25519Engine> engines = Engines.both();
        int ran = 0;
        for (Wycheproof.Case c : Wycheproof.cases("ed25519_test.json")) {
            Ed25519PublicKey key = Ed25519PublicKey.create(
                    Hex.bytes(c.group().path("publicKey").path("pk").asText()));
            byte[] msg = c.hex("msg");
            byte[] sig = c.hex("sig");
            boolean expected = c.result().equals("valid");
            for (Ed25519Engine engine : engines) {
                boolean verdict =
                        sig.length == Ed25519Signer.SIGNATURE_LENGTH && key.verify(engine, sig, 0, msg, 0, msg.length);
                assertThat(verdict).as("%s on %s", c, engine.name()).isEqualTo(expected);
            }
            assertThat(key.verify(sig, msg, 0, msg.length))
                    .as("%s, selected engine", c)
                    .isEqualTo(expected);
            ran++;
        }
        assertThat(ran).isEqualTo(151);
    }

    @Test
    void x25519ComputesEveryValidSecretAndRefusesOnlyAllZeroOnes() {
        int ran = 0;
        int refused = 0;
        for (Wycheproof.Case c : Wycheproof.cases("x25519_test.json")) {
            byte[] shared = c.hex("shared");
            boolean zero = Arrays.equals(shared, new byte[32]);
            assertThat(c.result()).as("%s", c).isIn("valid", "acceptable");
            if (zero) {
                // acceptable either way by RFC 7748; we refuse, as the Noise handshake must
                assertThatThrownBy(() -> X25519.agree(c.hex("private"), c.hex("public")))
                        .as("%s", c)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("small-order");
                refused++;
            } else {
                assertThat(Hex.hex(X25519.agree(c.hex("private"), c.hex("public"))))
                        .as("%s", c)
                        .isEqualTo(Hex.hex(shared));
            }
            ran++;
        }
        assertThat(ran).isEqualTo(518);
        assertThat(refused).isPositive();
    }

    @Test
    void chaCha20Poly1305SealsAndOpensEveryValidCaseAndRefusesTheOthers() throws Exception {
        int ran = 0;
        for (Wycheproof.Case c : Wycheproof.cases("chacha20_poly1305_test.json")) {
            byte[] key = c.hex("key");
            byte[] iv = c.hex("iv");
            byte[] aad = c.hex("aad");
            byte[] msg = c.hex("msg");
            byte[] sealed = concat(c.hex("ct"), c.hex("tag"));
            if (c.result().equals("valid")) {
                assertThat(Hex.hex(ChaChaPoly.create(key).encrypt(iv, aad, msg, 0, msg.length)))
                        .as("%s", c)
                        .isEqualTo(Hex.hex(sealed));
                assertThat(ChaChaPoly.create(key).decrypt(iv, aad, sealed, 0, sealed.length))
                        .as("%s", c)
                        .isEqualTo(msg);
            } else if (iv.length != ChaChaPoly.NONCE_LENGTH) {
                assertThatThrownBy(() -> ChaChaPoly.create(key).encrypt(iv, aad, msg, 0, msg.length))
                        .as("%s", c)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("nonce must be 12 bytes: " + iv.length);
                // too short to hold a tag (these cases have none) or the nonce refused: either way, refused
                assertThatThrownBy(() -> ChaChaPoly.create(key).decrypt(iv, aad, sealed, 0, sealed.length))
                        .as("%s", c)
                        .isInstanceOfAny(IllegalArgumentException.class, AEADBadTagException.class);
            } else {
                assertThatThrownBy(() -> ChaChaPoly.create(key).decrypt(iv, aad, sealed, 0, sealed.length))
                        .as("%s", c)
                        .isInstanceOf(AEADBadTagException.class);
            }
            ran++;
        }
        assertThat(ran).isEqualTo(325);
    }

    @Test
    void hkdfDerivesEveryValidOutputAndRefusesOversizedOnes() {
        int ran = 0;
        for (Wycheproof.Case c : Wycheproof.cases("hkdf_sha256_test.json")) {
            int size = c.test().path("size").asInt();
            if (c.result().equals("valid")) {
                assertThat(Hex.hex(Hkdf.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), size)))
                        .as("%s", c)
                        .isEqualTo(c.test().path("okm").asText());
            } else if (size > 255 * Hkdf.HASH_LENGTH) {
                assertThatThrownBy(() -> Hkdf.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), size))
                        .as("%s", c)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(Integer.toString(size));
            } else {
                fail("an invalid HKDF case this test does not know how to check: " + c);
            }
            ran++;
        }
        assertThat(ran).isEqualTo(86);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
