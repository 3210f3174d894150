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
        if (!encode(bytes).equals(text)) {
            throw new IllegalArgumentException("not canonical unpadded base64url: " + text);
        }
        return bytes;
    }
}
