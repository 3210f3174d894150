package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8032 §7.1 test vectors for Ed25519, plus proof that verification can fail: a flipped bit in
 * the signature, the message or the key is refused, and a key that is not a curve point gives
 * {@code false} rather than an exception.
 */
class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(String name, String seed, String publicKey, String message, String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Vector> rfc8032() throws IOException {
        return Stream.of(
                new Vector(
                        "TEST 1",
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                        "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                new Vector(
                        "TEST 2",
                        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                        "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                new Vector(
                        "TEST 3",
                        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                        "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
                new Vector(
                        "TEST 1024",
                        "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
                        "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
                        test1024Message(),
                        "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
                                + "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"),
                new Vector(
                        "TEST SHA(abc)",
                        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
                        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                                + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"));
    }

    /** The 1023-byte message of TEST 1024, kept in a resource file rather than a 2 KB literal. */
    private static String test1024Message() throws IOException {
        try (InputStream in = Ed25519Test.class.getResourceAsStream("/vectors/rfc8032-test1024-message.hex")) {
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            assertThat(hex).hasSize(2 * 1023);
            return hex;
        }
    }

    static Stream<Arguments> vectors() throws IOException {
        return rfc8032().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void publicKeyIsDerivedFromTheSeed(Vector v) {
        Ed25519Signer signer = Ed25519Signer.fromSeed(HEX.parseHex(v.seed()));

        assertThat(HEX.formatHex(signer.publicKey().toBytes())).isEqualTo(v.publicKey());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signatureMatchesTheRfcBytes(Vector v) {
        Ed25519Signer signer = Ed25519Signer.fromSeed(HEX.parseHex(v.seed()));

        assertThat(HEX.formatHex(signer.sign(HEX.parseHex(v.message())))).isEqualTo(v.signature());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rfcSignatureVerifies(Vector v) {
        byte[] message = HEX.parseHex(v.message());

        assertThat(key(v).verify(HEX.parseHex(v.signature()), message, 0, message.length))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void flippedSignatureBitFailsVerification(Vector v) {
        byte[] message = HEX.parseHex(v.message());
        Ed25519PublicKey key = key(v);
        for (int bit = 0; bit < 64 * 8; bit++) {
            byte[] sig = flip(HEX.parseHex(v.signature()), bit);
            assertThat(key.verify(sig, message, 0, message.length))
                    .as("signature bit %d", bit)
                    .isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void flippedMessageBitFailsVerification(Vector v) {
        byte[] original = HEX.parseHex(v.message());
        Ed25519PublicKey key = key(v);
        byte[] sig = HEX.parseHex(v.signature());
        // every bit of short messages; a spread of bits (first, last, every 61st) of long ones
        for (int bit = 0; bit < original.length * 8; bit += original.length > 64 ? 61 : 1) {
            byte[] message = flip(original.clone(), bit);
            assertThat(key.verify(sig, message, 0, message.length))
                    .as("message bit %d", bit)
                    .isFalse();
        }
        if (original.length > 0) {
            byte[] message = flip(original.clone(), original.length * 8 - 1);
            assertThat(key.verify(sig, message, 0, message.length)).isFalse();
        }
        byte[] longer = Arrays.copyOf(original, original.length + 1);
        assertThat(key.verify(sig, longer, 0, longer.length))
                .as("one byte appended")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void flippedKeyBitFailsVerification(Vector v) {
        byte[] message = HEX.parseHex(v.message());
        byte[] sig = HEX.parseHex(v.signature());
        for (int bit = 0; bit < 32 * 8; bit++) {
            Ed25519PublicKey key = Ed25519PublicKey.create(flip(HEX.parseHex(v.publicKey()), bit));
            assertThat(key.verify(sig, message, 0, message.length))
                    .as("key bit %d", bit)
                    .isFalse();
        }
    }

    @Test
    void verificationHonoursOffsetAndLength() {
        Ed25519Signer signer = Ed25519Signer.fromSeed(new byte[32]);
        byte[] framed = "xxhello worldyy".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = signer.sign(framed, 2, 11);

        assertThat(signer.publicKey().verify(sig, "hello world".getBytes(StandardCharsets.US_ASCII), 0, 11))
                .isTrue();
        assertThat(signer.publicKey().verify(sig, framed, 2, 11)).isTrue();
        assertThat(signer.publicKey().verify(sig, framed, 1, 11)).isFalse();
    }

    @Test
    void keyThatIsNotACurvePointGivesFalseRatherThanThrowing() {
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xff);
        Ed25519PublicKey key = Ed25519PublicKey.create(ff);
        byte[] message = {1, 2, 3};

        assertThat(key.verify(new byte[64], message, 0, 3)).isFalse();
        assertThat(key.verify(Ed25519Signer.generate().sign(message), message, 0, 3))
                .isFalse();
        // twice: the failed decode must not be cached as a point
        assertThat(key.verify(new byte[64], message, 0, 3)).isFalse();
    }

    @Test
    void neutralPointKeyIsRefused() {
        // y = 1 encodes the identity point: with it, S = 0 and R = identity would "verify" anything
        byte[] identity = new byte[32];
        identity[0] = 1;
        byte[] sig = new byte[64];
        sig[0] = 1;

        assertThat(Ed25519PublicKey.create(identity).verify(sig, new byte[0], 0, 0))
                .isFalse();
    }

    @Test
    void signatureOfWrongLengthGivesFalse() {
        Ed25519Signer signer = Ed25519Signer.fromSeed(new byte[32]);
        byte[] message = {42};
        byte[] sig = signer.sign(message);

        assertThat(signer.publicKey().verify(Arrays.copyOf(sig, 63), message, 0, 1))
                .isFalse();
        assertThat(signer.publicKey().verify(Arrays.copyOf(sig, 65), message, 0, 1))
                .isFalse();
    }

    @Test
    void wrongLengthsAreRefusedWithTheLength() {
        assertThatThrownBy(() -> Ed25519PublicKey.create(new byte[31])).hasMessageContaining("31");
        assertThatThrownBy(() -> Ed25519Signer.fromSeed(new byte[33])).hasMessageContaining("33");
    }

    @Test
    void signerToStringNeverShowsTheSeed() {
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Ed25519Signer signer = Ed25519Signer.fromSeed(seed);

        assertThat(signer.toString()).doesNotContain(HEX.formatHex(seed)).doesNotContain(Base64Url.encode(seed));
    }

    private static Ed25519PublicKey key(Vector v) {
        return Ed25519PublicKey.create(HEX.parseHex(v.publicKey()));
    }

    private static byte[] flip(byte[] bytes, int bit) {
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        return bytes;
    }
}
