package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.internal.crypto.Ed25519Engine;

/**
 * BouncyCastle and libsodium, each behind {@link Ed25519Rule}, make the same decision on 100,000
 * signatures: honest ones, bit flips in R, S, key and message, S + L, small-order and non-canonical
 * R and keys, mixed-order R and keys (a point of small order added, the signature made to fit),
 * forgeries under small-order keys, and garbage. Each kind also has its expected verdict under the
 * rule. The libraries called without the rule's checks do disagree on some of these inputs (the
 * test counts them, and requires it: otherwise the kinds would not reach what the rule is for).
 */
class Ed25519EnginesAgreeIT {
    private static final int CASES = 100_000;

    enum Kind {
        HONEST(10),
        FLIP_R(10),
        FLIP_S(10),
        FLIP_KEY(10),
        FLIP_MESSAGE(10),
        S_PLUS_L(8),
        SMALL_ORDER_R(5),
        SMALL_ORDER_KEY_FORGERY(5),
        MIXED_ORDER_R(10),
        MIXED_ORDER_KEY(10),
        NON_CANONICAL_R(4),
        NON_CANONICAL_KEY(4),
        GARBAGE(4);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        /** Whether the raw libraries are compared too (the kinds where they may differ). */
        boolean special() {
            return ordinal() >= SMALL_ORDER_R.ordinal() && this != GARBAGE;
        }
    }

    /** A signer whose secret scalar and nonce prefix the test knows, to make signatures by hand. */
    private record Author(Ed25519Signer signer, byte[] key, BigInteger a, byte[] prefix, List<byte[]> mixedKeys) {}

    private record Input(byte[] key, byte[] message, byte[] signature) {}

    private final SplittableRandom random = new SplittableRandom(19);
    private final List<EdwardsPoint> torsion = torsionPoints();

    @Test
    void bothEnginesDecideAlikeOnEveryInputAndAsTheRuleSays() {
        Ed25519Engine bc = Engines.bouncyCastle();
        Ed25519Engine sodium = Engines.sodium();
        List<Author> authors = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            authors.add(author(i));
        }
        Map<Kind, int[]> counts =
                new EnumMap<>(Kind.class); // ran, accepted, raw disagreements, raw bc-only, raw sodium-only
        int totalWeight = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();
        for (int n = 0; n < CASES; n++) {
            int pick = random.nextInt(totalWeight);
            Kind kind = null;
            for (Kind k : Kind.values()) {
                if (pick < k.weight) {
                    kind = k;
                    break;
                }
                pick -= k.weight;
            }
            Input in = input(kind, authors.get(random.nextInt(authors.size())));
            Ed25519PublicKey key = Ed25519PublicKey.create(in.key());
            boolean byBc = key.verify(bc, in.signature(), 0, in.message(), 0, in.message().length);
            boolean bySodium = key.verify(sodium, in.signature(), 0, in.message(), 0, in.message().length);
            String what = kind + " key " + Hex.hex(in.key()) + " sig " + Hex.hex(in.signature()) + " msg "
                    + Hex.hex(in.message());
            assertThat(bySodium)
                    .as("libsodium agrees with BouncyCastle on %s", what)
                    .isEqualTo(byBc);
            assertThat(byBc).as("the rule's verdict on %s", what).isEqualTo(kind == Kind.HONEST);
            int[] c = counts.computeIfAbsent(kind, k -> new int[5]);
            c[0]++;
            c[1] += byBc ? 1 : 0;
            if (kind.special()) {
                boolean rawBc = rawBouncyCastle(in);
                boolean rawSodium =
                        sodium.verify(in.signature(), 0, in.key(), null, in.message(), 0, in.message().length);
                c[2] += rawBc != rawSodium ? 1 : 0;
                c[3] += rawBc && !rawSodium ? 1 : 0;
                c[4] += rawSodium && !rawBc ? 1 : 0;
            }
        }
        StringBuilder table =
                new StringBuilder("kind: cases, accepted; raw libraries: disagree (BC only, libsodium only)\n");
        counts.forEach((k, c) ->
                table.append(String.format("%-24s %6d %6d; %5d (%d, %d)%n", k, c[0], c[1], c[2], c[3], c[4])));
        System.out.print(table);
        assertThat(Arrays.stream(Kind.values()).mapToInt(k -> counts.get(k)[0]).sum())
                .isEqualTo(CASES);
        assertThat(counts.get(Kind.MIXED_ORDER_R)[3])
                .as("raw BouncyCastle accepts some mixed-order R that libsodium refuses\n%s", table)
                .isPositive();
        assertThat(counts.get(Kind.MIXED_ORDER_KEY)[2])
                .as("the raw libraries disagree on some mixed-order keys\n%s", table)
                .isPositive();
    }

    private Input input(Kind kind, Author author) {
        byte[] message = new byte[random.nextInt(300)];
        random.nextBytes(message);
        byte[] sig = author.signer().sign(message);
        byte[] key = author.key().clone();
        switch (kind) {
            case HONEST -> {}
            case FLIP_R -> flip(sig, random.nextInt(256));
            case FLIP_S -> flip(sig, 256 + random.nextInt(256));
            case FLIP_KEY -> flip(key, random.nextInt(256));
            case FLIP_MESSAGE -> {
                if (message.length == 0) {
                    message = new byte[] {0};
                } else {
                    flip(message, random.nextInt(8 * message.length));
                }
            }
            case S_PLUS_L -> System.arraycopy(
                    EdwardsPoint.le(EdwardsPoint.fromLe(sig, 32, 32).add(EdwardsPoint.L), 32), 0, sig, 32, 32);
            case SMALL_ORDER_R -> System.arraycopy(smallOrderEncoding(), 0, sig, 0, 32);
            case SMALL_ORDER_KEY_FORGERY -> {
                key = smallOrderEncoding();
                System.arraycopy(smallOrderEncoding(), 0, sig, 0, 32);
                Arrays.fill(sig, 32, 64, (byte) 0);
                sig[32] = (byte) random.nextInt(8);
            }
            case MIXED_ORDER_R -> {
                // R + T, and S made to fit it: [S]B - [k]A = [r]B, which differs from R by T
                EdwardsPoint r = EdwardsPoint.decode(Arrays.copyOf(sig, 32));
                byte[] mixedR = r.add(torsion.get(1 + random.nextInt(torsion.size() - 1)))
                        .encode();
                byte[] s = scalar(nonce(author, message), mixedR, author.key(), message, author.a());
                System.arraycopy(mixedR, 0, sig, 0, 32);
                System.arraycopy(s, 0, sig, 32, 32);
            }
            case MIXED_ORDER_KEY -> {
                // A + T as the key, signed with A's secret: [S]B - [k](A + T) = R - [k]T
                key = author.mixedKeys().get(random.nextInt(author.mixedKeys().size()));
                byte[] s = scalar(nonce(author, message), Arrays.copyOf(sig, 32), key, message, author.a());
                System.arraycopy(s, 0, sig, 32, 32);
            }
            case NON_CANONICAL_R -> System.arraycopy(nonCanonicalEncoding(), 0, sig, 0, 32);
            case NON_CANONICAL_KEY -> key = nonCanonicalEncoding();
            case GARBAGE -> {
                random.nextBytes(sig);
                if (random.nextBoolean()) {
                    random.nextBytes(key);
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return new Input(key, message, sig);
    }

    private Author author(int i) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        Ed25519Signer signer = Ed25519Signer.fromSeed(seed);
        byte[] h = EdwardsPoint.sha512(seed);
        byte[] scalar = Arrays.copyOf(h, 32);
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        byte[] key = signer.publicKey().toBytes();
        EdwardsPoint point = EdwardsPoint.decode(key);
        List<byte[]> mixed = new ArrayList<>();
        for (EdwardsPoint t : torsion.subList(1, torsion.size())) {
            mixed.add(point.add(t).encode());
        }
        return new Author(signer, key, EdwardsPoint.fromLe(scalar, 0, 32), Arrays.copyOfRange(h, 32, 64), mixed);
    }

    /** r = SHA-512(prefix ‖ M) mod L: the nonce RFC 8032 signing uses, so R = [r]B of the honest signature. */
    private static BigInteger nonce(Author author, byte[] message) {
        return EdwardsPoint.fromLe(EdwardsPoint.sha512(author.prefix(), message), 0, 64)
                .mod(EdwardsPoint.L);
    }

    /** S = r + k·a mod L with k = SHA-512(R ‖ A ‖ M) mod L. */
    private static byte[] scalar(BigInteger r, byte[] encodedR, byte[] key, byte[] message, BigInteger a) {
        BigInteger k = EdwardsPoint.fromLe(EdwardsPoint.sha512(encodedR, key, message), 0, 64)
                .mod(EdwardsPoint.L);
        return EdwardsPoint.le(r.add(k.multiply(a)).mod(EdwardsPoint.L), 32);
    }

    /** One of the eight small-order points, either sign bit (for x = 0 too), or y + p where that fits. */
    private byte[] smallOrderEncoding() {
        byte[] e = torsion.get(random.nextInt(torsion.size())).encode();
        if (random.nextInt(4) == 0) {
            e[31] ^= (byte) 0x80;
        }
        return e;
    }

    /** An encoding with y ≥ p: y + p for y in 0..18, either sign bit. */
    private byte[] nonCanonicalEncoding() {
        byte[] e = EdwardsPoint.le(EdwardsPoint.P.add(BigInteger.valueOf(random.nextInt(19))), 32);
        if (random.nextBoolean()) {
            e[31] |= (byte) 0x80;
        }
        return e;
    }

    /** The neutral point first, then the other seven points of order dividing 8. */
    private static List<EdwardsPoint> torsionPoints() {
        List<EdwardsPoint> points = new ArrayList<>();
        points.add(EdwardsPoint.NEUTRAL);
        for (String y : List.of(
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")) {
            for (int sign = 0; sign < 2; sign++) {
                byte[] e = Hex.bytes(y);
                e[31] |= (byte) (sign << 7);
                EdwardsPoint p = EdwardsPoint.decode(e);
                if (p != null && !points.contains(p)) {
                    points.add(p);
                }
            }
        }
        if (points.size() != 8) {
            throw new IllegalStateException("expected the 8 points of small order, found " + points.size());
        }
        for (EdwardsPoint p : points) {
            if (!p.times(BigInteger.valueOf(8)).equals(EdwardsPoint.NEUTRAL)) {
                throw new IllegalStateException("not of small order: " + Hex.hex(p.encode()));
            }
        }
        return points;
    }

    private static boolean rawBouncyCastle(Input in) {
        try {
            return Ed25519.verify(in.signature(), 0, in.key(), 0, in.message(), 0, in.message().length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void flip(byte[] bytes, int bit) {
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    }
}
