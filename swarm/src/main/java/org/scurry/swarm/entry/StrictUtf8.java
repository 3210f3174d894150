package org.scurry.swarm.entry;

/**
 * Strict UTF-8 (RFC 3629) checked in place: what {@link java.nio.charset.CharsetDecoder} with
 * {@code REPORT} accepts, without decoding to characters. Refused: bytes that cannot start or
 * continue a sequence, truncated sequences, overlong forms, encoded surrogates (U+D800..U+DFFF) and
 * code points above U+10FFFF. Every received entry's content passes here.
 */
final class StrictUtf8 {
    private StrictUtf8() {}

    /** The offset (from {@code offset}) of the first byte of the first bad sequence, or -1 when all is well formed. */
    static int firstError(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                if (c == 0xe0) {
                    lo = 0xa0; // below: overlong
                } else if (c == 0xed) {
                    hi = 0x9f; // above: surrogates
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                if (c == 0xf0) {
                    lo = 0x90; // below: overlong
                } else if (c == 0xf4) {
                    hi = 0x8f; // above: beyond U+10FFFF
                }
            } else {
                return i - offset; // a continuation byte, C0/C1 (overlong) or F5..FF
            }
            if (i + need >= end) {
                return i - offset; // truncated
            }
            int second = b[i + 1] & 0xff;
            if (second < lo || second > hi) {
                return i - offset;
            }
            for (int k = 2; k <= need; k++) {
                int next = b[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return i - offset;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
