package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.internal.crypto.Ed25519Rule;

/** The byte-level checks of {@link Ed25519Rule} at their boundaries. */
class Ed25519RuleTest {
    private static final BigInteger L = EdwardsPoint.L;
    private static final BigInteger P = EdwardsPoint.P;

    @Test
    void sBelowTheGroupOrderIsCanonicalAndFromTheOrderUpIsNot() {
        assertThat(Ed25519Rule.isCanonicalScalar(EdwardsPoint.le(L.subtract(BigInteger.ONE), 32), 0))
                .isTrue();
        assertThat(Ed25519Rule.isCanonicalScalar(EdwardsPoint.le(BigInteger.ZERO, 32), 0))
                .isTrue();
        assertThat(Ed25519Rule.isCanonicalScalar(EdwardsPoint.le(L, 32), 0)).isFalse();
        assertThat(Ed25519Rule.isCanonicalScalar(EdwardsPoint.le(L.add(BigInteger.ONE), 32), 0))
                .isFalse();
        assertThat(Ed25519Rule.isCanonicalScalar(EdwardsPoint.le(BigInteger.ONE.shiftLeft(255), 32), 0))
                .isFalse();
    }

    @Test
    void yBelowPIsCanonicalWhateverTheSignBitAndFromPUpIsNot() {
        for (int sign = 0; sign < 2; sign++) {
            assertThat(Ed25519Rule.isCanonicalPoint(withSign(P.subtract(BigInteger.ONE), sign), 0))
                    .isTrue();
            assertThat(Ed25519Rule.isCanonicalPoint(withSign(BigInteger.valueOf(9), sign), 0))
                    .isTrue();
            for (int above = 0; above < 19; above++) {
                assertThat(Ed25519Rule.isCanonicalPoint(withSign(P.add(BigInteger.valueOf(above)), sign), 0))
                        .as("y = p + %d, sign %d", above, sign)
                        .isFalse();
            }
        }
    }

    @Test
    void everySmallOrderPointIsRefusedAsKeyAndAsRWithEitherSignBit() {
        byte[] honest = Ed25519Signer.fromSeed(new byte[32]).sign(new byte[] {1});
        for (String y : new String[] {
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
        }) {
            for (int sign = 0; sign < 2; sign++) {
                byte[] e = Hex.bytes(y);
                e[31] |= (byte) (sign << 7);
                assertThat(Ed25519Rule.isSmallOrder(e, 0))
                        .as("%s sign %d", y, sign)
                        .isTrue();
                assertThat(Ed25519Rule.acceptedKeyPoint(e))
                        .as("key %s sign %d", y, sign)
                        .isNull();
                byte[] sig = honest.clone();
                System.arraycopy(e, 0, sig, 0, 32);
                assertThat(Ed25519Rule.acceptsSignatureEncoding(sig, 0))
                        .as("R %s sign %d", y, sign)
                        .isFalse();
            }
        }
        assertThat(Ed25519Rule.acceptsSignatureEncoding(honest, 0)).isTrue();
    }

    @Test
    void aKeyWithASmallOrderComponentIsRefusedAndItsHonestPartAccepted() {
        Ed25519Signer signer = Ed25519Signer.fromSeed(new byte[32]);
        byte[] key = signer.publicKey().toBytes();
        byte[] order2 = Hex.bytes("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        byte[] mixed = EdwardsPoint.decode(key).add(EdwardsPoint.decode(order2)).encode();

        assertThat(Ed25519Rule.acceptedKeyPoint(key)).isNotNull();
        assertThat(Ed25519Rule.acceptedKeyPoint(mixed)).isNull();
    }

    private static byte[] withSign(BigInteger y, int sign) {
        byte[] e = EdwardsPoint.le(y, 32);
        e[31] |= (byte) (sign << 7);
        return e;
    }
}
