package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.internal.crypto.ChaChaPoly;

/**
 * {@link ChaChaPoly} runs on the JDK's cipher; before, it ran on BouncyCastle's. The wire must not
 * notice: the bytes are compared with BouncyCastle's for random keys, nonces, associated data and
 * lengths around the 64-byte block and the frame sizes. (The RFC 8439 vector is in
 * PrimitiveVectorsTest.)
 */
class ChaChaPolyTest {
    private final Random random = new Random(8439);

    @Test
    void sealsTheSameBytesAsBouncyCastleAndOpensThem() throws Exception {
        int[] lengths = {0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 290, 4095, 4096, 65_519, 65_536};
        for (int length : lengths) {
            for (int adLength : new int[] {0, 1, 12, 33}) {
                byte[] key = randomBytes(32);
                byte[] nonce = randomBytes(12);
                byte[] ad = randomBytes(adLength);
                byte[] plaintext = randomBytes(length + 3);

                byte[] sealed = ChaChaPoly.create(key).encrypt(nonce, ad, plaintext, 3, length);

                assertThat(sealed)
                        .as("%d bytes with %d bytes of associated data", length, adLength)
                        .isEqualTo(bouncyCastleSeal(key, nonce, ad, plaintext, 3, length));
                byte[] framed = new byte[sealed.length + 5];
                System.arraycopy(sealed, 0, framed, 5, sealed.length);
                assertThat(ChaChaPoly.create(key).decrypt(nonce, ad, framed, 5, sealed.length))
                        .isEqualTo(java.util.Arrays.copyOfRange(plaintext, 3, 3 + length));
            }
        }
    }

    @Test
    void aFrameThatFailedCanBeTriedAgainWithTheSameNonce() throws Exception {
        // The Noise nonce stays put after a bad tag; the JDK's cipher refuses the same nonce twice in
        // a row unless told otherwise.
        byte[] key = randomBytes(32);
        byte[] nonce = randomBytes(12);
        ChaChaPoly sender = ChaChaPoly.create(key);
        ChaChaPoly receiver = ChaChaPoly.create(key);
        byte[] sealed = sender.encrypt(nonce, new byte[0], new byte[] {1, 2, 3}, 0, 3);
        byte[] tampered = sealed.clone();
        tampered[0] ^= 1;

        assertThatThrownBy(() -> receiver.decrypt(nonce, new byte[0], tampered, 0, tampered.length))
                .isInstanceOf(AEADBadTagException.class);
        assertThat(receiver.decrypt(nonce, new byte[0], sealed, 0, sealed.length))
                .containsExactly(1, 2, 3);
        assertThat(receiver.decrypt(nonce, new byte[0], sealed, 0, sealed.length))
                .containsExactly(1, 2, 3);
    }

    @Test
    void encryptingTwiceInARowWithOneNonceIsRefused() {
        ChaChaPoly cipher = ChaChaPoly.create(randomBytes(32));
        byte[] nonce = randomBytes(12);
        cipher.encrypt(nonce, new byte[0], new byte[8], 0, 8);

        assertThatThrownBy(() -> cipher.encrypt(nonce, new byte[0], new byte[8], 0, 8))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void wrongLengthsAreRefusedWithTheirSize() {
        assertThatThrownBy(() -> ChaChaPoly.create(new byte[31])).hasMessageContaining("31");
        ChaChaPoly cipher = ChaChaPoly.create(randomBytes(32));
        assertThatThrownBy(() -> cipher.encrypt(new byte[8], new byte[0], new byte[1], 0, 1))
                .hasMessageContaining("12 bytes: 8");
        assertThatThrownBy(() -> cipher.decrypt(new byte[12], new byte[0], new byte[15], 0, 15))
                .isInstanceOf(AEADBadTagException.class)
                .hasMessageContaining("15");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] bouncyCastleSeal(byte[] key, byte[] nonce, byte[] ad, byte[] in, int offset, int length)
            throws Exception {
        ChaCha20Poly1305 bc = new ChaCha20Poly1305();
        bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, ad));
        byte[] out = new byte[length + 16];
        int n = bc.processBytes(in, offset, length, out, 0);
        bc.doFinal(out, n);
        return out;
    }
}
