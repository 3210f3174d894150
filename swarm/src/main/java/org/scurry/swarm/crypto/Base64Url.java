package org.scurry.swarm.crypto;

import java.util.Base64;

/** Unpadded base64url (RFC 4648 §5): safe in URL paths, MQTT topic levels and chat messages. */
public final class Base64Url {
    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes unpadded base64url; throws {@link IllegalArgumentException} naming the bad text. */
    public static byte[] decode(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64url: " + text, e);
        }
    }
}
