package org.scurry.swarm.crypto;

import java.util.Base64;

/** Unpadded base64url (RFC 4648 §5): safe in URL paths, MQTT topic levels and chat messages. */
public final class Base64Url {
    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Decodes canonical unpadded base64url; throws {@link IllegalArgumentException} naming the bad
     * text. Padding and non-zero unused bits in the last character are refused, so each byte string
     * has exactly one text form (the JDK decoder alone would accept, for example, both {@code ...A}
     * and {@code ...B} for the same 32 bytes).
     */
    public static byte[] decode(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64url: " + text, e);
        }
        if (!canonical(text)) {
            throw new IllegalArgumentException("not canonical unpadded base64url: " + text);
        }
        return bytes;
    }

    /**
     * For text the JDK decoder accepted: true when it has no padding and the bits of its last
     * character that encode no byte are zero, i.e. when it is what {@link #encode} gives (checked
     * without encoding again: every feed id parsed passes here).
     */
    private static boolean canonical(String text) {
        if (text.indexOf('=') >= 0) {
            return false;
        }
        int rem = text.length() % 4;
        if (rem == 0) {
            return true;
        }
        int unused = rem == 2 ? 0x0F : 0x03; // 2 chars carry 1 byte (4 bits spare), 3 carry 2 (2 spare)
        return (sextet(text.charAt(text.length() - 1)) & unused) == 0;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63; // '_': the decoder accepted nothing else
    }
}
