package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scurry.swarm.crypto.Hex.bytes;
import static org.scurry.swarm.crypto.Hex.hex;

import java.nio.charset.StandardCharsets;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.internal.crypto.ChaChaPoly;
import org.scurry.swarm.internal.crypto.Hkdf;
import org.scurry.swarm.internal.crypto.X25519;

/** Published vectors for the primitives the handshake is built from. */
class PrimitiveVectorsTest {

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] ikm = bytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = bytes("000102030405060708090a0b0c");
        byte[] info = bytes("f0f1f2f3f4f5f6f7f8f9");

        byte[] prk = Hkdf.extract(salt, ikm);
        byte[] okm = Hkdf.expand(prk, info, 42);

        assertThat(hex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(hex(okm))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void x25519MatchesRfc7748Section52Vectors() {
        assertThat(hex(X25519.agree(
                        bytes("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        bytes("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))))
                .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        assertThat(hex(X25519.agree(
                        bytes("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                        bytes("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))))
                .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @Test
    void x25519OneIterationOfTheIteratedVectorMatches() {
        byte[] nine = new byte[32];
        nine[0] = 9;
        assertThat(hex(X25519.agree(nine, nine)))
                .isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }

    @Test
    void x25519RefusesAnAllZeroSharedSecret() {
        assertThatThrownBy(() -> X25519.agree(new byte[32], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("small-order");
    }

    @Test
    void chaCha20Poly1305MatchesRfc8439Section282AndRefusesAFlippedBit() throws Exception {
        byte[] key = bytes("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = bytes("070000004041424344454647");
        byte[] aad = bytes("50515253c0c1c2c3c4c5c6c7");
        byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for"
                        + " the future, sunscreen would be it.")
                .getBytes(StandardCharsets.US_ASCII);
        ChaChaPoly aead = ChaChaPoly.create(key);

        byte[] sealed = aead.encrypt(nonce, aad, plaintext, 0, plaintext.length);

        assertThat(hex(sealed))
                .isEqualTo("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                        + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                        + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                        + "3ff4def08e4b7a9de576d26586cec64b6116"
                        + "1ae10b594f09e26a7e902ecbd0600691");
        assertThat(aead.decrypt(nonce, aad, sealed, 0, sealed.length)).isEqualTo(plaintext);
        sealed[7] ^= 1;
        assertThatThrownBy(() -> aead.decrypt(nonce, aad, sealed, 0, sealed.length))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void ed25519IdentityConvertsToAMatchingX25519KeyPair() {
        for (int i = 0; i < 20; i++) {
            Ed25519Signer identity = Ed25519Signer.generate();

            X25519.KeyPair pair = X25519.KeyPair.fromEd25519(identity);

            assertThat(pair.publicKey()).isEqualTo(X25519.publicFromEd25519(identity.publicKey()));
        }
    }

    @Test
    void ed25519ToX25519MatchesRfc8032TestKey1() {
        // RFC 8032 §7.1 TEST 1; the X25519 public is what libsodium's crypto_sign_ed25519_pk_to_curve25519
        // returns, and must equal X25519(first half of SHA-512(seed), 9).
        Ed25519Signer identity =
                Ed25519Signer.fromSeed(bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertThat(hex(identity.publicKey().toBytes()))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

        byte[] converted = X25519.publicFromEd25519(identity.publicKey());

        assertThat(converted).isEqualTo(X25519.publicFromPrivate(X25519.privateFromEd25519Seed(identity.seed())));
    }

    @Test
    void aKeyThatIsNotAnEd25519PointHasNoX25519Form() {
        byte[] notAPoint = bytes("0200000000000000000000000000000000000000000000000000000000000000");
        assertThatThrownBy(() -> X25519.publicFromEd25519(Ed25519PublicKey.create(notAPoint)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid Ed25519 public key");
    }
}
