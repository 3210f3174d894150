package org.scurry.swarm.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

/**
 * Flipping any single bit of a valid encoding must get the entry refused by {@code decode} followed
 * by {@code validate}, always with an {@link InvalidEntryException}: every byte is either covered by
 * the signature or is the signature.
 */
class EntryTamperTest {
    private static final long NOW = 1_767_225_600_000L;
    private static final Ed25519Signer ALICE = Ed25519Signer.fromSeed(EntryValidatorTest.seed(7));
    private static final EntryValidator VALIDATOR =
            new EntryValidator(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    // seq 2 so the prev field is present: 74 + 13 + 4 + 13 + 64 = 168 bytes
    private static final Entry FIRST = EntryCodec.sign(ALICE, 1, null, NOW - 2000, "post", json("{\"text\":\"a\"}"));
    private static final Entry ENTRY =
            EntryCodec.sign(ALICE, 2, FIRST.id(), NOW - 1000, "post", json("{\"text\":\"hi\"}"));

    private static final int SEQ_OFFSET = 33;
    private static final int PREV_OFFSET = 42;
    private static final int CONTENT_OFFSET = 74 + 13 + 4;

    @Test
    void untamperedEntryIsValid() {
        assertThat(ENTRY.encodedLength()).isEqualTo(168);
        assertThatCode(() -> VALIDATOR.validate(EntryCodec.decode(ENTRY.encoded())))
                .doesNotThrowAnyException();
    }

    @Test
    void everySingleBitFlipIsRefused() {
        byte[] original = ENTRY.encoded();
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
        for (int bit = 0; bit < original.length * 8; bit++) {
            Reason reason = refusal(flip(original, bit), "bit " + bit);
            reasons.merge(reason, 1, Integer::sum);
        }
        // most flips land in signed bytes and break the signature; header flips break the layout
        assertThat(reasons).containsKeys(Reason.BAD_SIGNATURE, Reason.MALFORMED);
        assertThat(reasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(168 * 8);
    }

    @Test
    void flippedSignatureBitIsABadSignature() {
        int signatureBit = ENTRY.signedLength() * 8 + 100;

        assertThat(refusal(flip(ENTRY.encoded(), signatureBit), "signature")).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void flippedContentBitIsABadSignature() {
        // 'h' -> 'i' keeps the content valid JSON: only the signature can catch it
        int contentBit = (CONTENT_OFFSET + 9) * 8 + 7;
        byte[] tampered = flip(ENTRY.encoded(), contentBit);
        assertThat(EntryCodec.decode(tampered).contentText()).isEqualTo("{\"text\":\"ii\"}");

        assertThat(refusal(tampered, "content")).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void flippedPrevBitIsABadSignature() {
        byte[] tampered = flip(ENTRY.encoded(), PREV_OFFSET * 8 + 3);
        assertThat(EntryCodec.decode(tampered).prev()).get().isNotEqualTo(FIRST.id());

        assertThat(refusal(tampered, "prev")).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void flippedSeqBitIsRefused() {
        // seq 2 -> 3: still well formed, so the signature catches it
        assertThat(refusal(flip(ENTRY.encoded(), (SEQ_OFFSET + 7) * 8 + 7), "seq low bit"))
                .isEqualTo(Reason.BAD_SIGNATURE);
        // seq 2 -> 2^63 + 2: refused by the layout before the signature is tried
        assertThat(refusal(flip(ENTRY.encoded(), SEQ_OFFSET * 8), "seq top bit"))
                .isEqualTo(Reason.BAD_SEQ);
        // seq 2 -> 0
        assertThat(refusal(flip(ENTRY.encoded(), (SEQ_OFFSET + 7) * 8 + 6), "seq to 0"))
                .isEqualTo(Reason.BAD_SEQ);
    }

    @Test
    void flippedPrevMarkerIsMalformed() {
        assertThat(refusal(flip(ENTRY.encoded(), 41 * 8), "prev marker")).isEqualTo(Reason.MALFORMED);
    }

    /** Decodes and validates; fails the test unless exactly an InvalidEntryException comes out. */
    private static Reason refusal(byte[] encoded, String what) {
        Throwable thrown = catchThrowable(() -> VALIDATOR.validate(EntryCodec.decode(encoded)));
        assertThat(thrown).as(what).isInstanceOf(InvalidEntryException.class);
        return ((InvalidEntryException) thrown).reason();
    }

    /** A copy with one bit flipped; bit 0 is the most significant bit of byte 0. */
    private static byte[] flip(byte[] bytes, int bit) {
        byte[] out = bytes.clone();
        out[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return out;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
