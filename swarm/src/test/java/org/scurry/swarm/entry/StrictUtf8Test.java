package org.scurry.swarm.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link StrictUtf8} accepts exactly what the JDK's reporting UTF-8 decoder accepts. */
class StrictUtf8Test {

    @Test
    void everyOneAndTwoByteInputIsJudgedAsTheJdkDecoderJudgesIt() {
        for (int a = 0; a < 256; a++) {
            agrees(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                agrees(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void everyThreeByteSequenceAfterALeadByteIsJudgedAsTheJdkDecoderJudgesIt() {
        // E0..F4 leads with every second and third byte: overlong, surrogate and range edges.
        for (int a = 0xe0; a <= 0xf4; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0x70; c < 0xd0; c++) {
                    agrees(new byte[] {(byte) a, (byte) b, (byte) c});
                    agrees(new byte[] {(byte) a, (byte) b, (byte) c, (byte) 0x80});
                }
            }
        }
    }

    @Test
    void randomMixturesOfTextAndBadBytesAreJudgedAsTheJdkDecoderJudgesThem() {
        Random random = new Random(7);
        byte[][] pieces = {
            "a".getBytes(StandardCharsets.UTF_8),
            "é".getBytes(StandardCharsets.UTF_8),
            "松".getBytes(StandardCharsets.UTF_8),
            "🐿".getBytes(StandardCharsets.UTF_8),
            {(byte) 0x80},
            {(byte) 0xc0, (byte) 0x80},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xf0, (byte) 0x9f},
            {(byte) 0xff},
        };
        for (int n = 0; n < 20_000; n++) {
            ByteBuffer buf = ByteBuffer.allocate(64);
            int parts = 1 + random.nextInt(12);
            for (int p = 0; p < parts; p++) {
                byte[] piece = pieces[random.nextInt(random.nextInt(10) < 8 ? 4 : pieces.length)];
                if (buf.remaining() >= piece.length) {
                    buf.put(piece);
                }
            }
            byte[] bytes = new byte[buf.position()];
            buf.flip().get(bytes);
            agrees(bytes);
        }
    }

    @Test
    void theErrorOffsetIsRelativeToTheSliceAndPointsAtTheBadSequence() {
        byte[] bytes = {'x', 'x', 'a', 'b', (byte) 0xc3, (byte) 0xa9, (byte) 0xff, 'c'};
        assertThat(StrictUtf8.firstError(bytes, 2, 6)).isEqualTo(4);
        assertThat(StrictUtf8.firstError(bytes, 2, 4)).isEqualTo(-1);
        // a sequence cut by the slice's end is truncated even if the array goes on
        assertThat(StrictUtf8.firstError(bytes, 2, 3)).isEqualTo(2);
    }

    private static void agrees(byte[] bytes) {
        boolean jdk = jdkAccepts(bytes);
        boolean ours = StrictUtf8.firstError(bytes, 0, bytes.length) < 0;
        assertThat(ours).as("strict UTF-8 verdict on %s", hex(bytes)).isEqualTo(jdk);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x ", b & 0xff));
        }
        return s.toString().trim();
    }
}
