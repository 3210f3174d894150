package org.scurry.swarm;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Entry kinds. A kind is 1–32 characters of {@code [a-z0-9-]}. Known kinds have their content
 * checked; unknown kinds are stored and forwarded as opaque JSON objects, so newer software can add
 * kinds without older peers dropping them.
 */
public final class Kind {
    public static final String POST = "post";
    public static final String FOLLOW = "follow";
    public static final String UNFOLLOW = "unfollow";
    public static final String PROFILE = "profile";
    public static final String DELETE = "delete";
    public static final String ADDRESS = "address";
    /** A history server's announcement: {@code {"address", "capacity"}} (docs/history.md). */
    public static final String HISTORY = "history";

    /**
     * Protected feeds (docs/protected.md). These kinds are not in {@link #KNOWN}: the validator
     * carries them as opaque JSON objects, so relays store and forward them like any other entry;
     * {@code org.scurry.swarm.protect} reads their fields.
     */
    public static final String SEALED = "sealed";

    public static final String PROTECT = "protect";
    public static final String GRANT = "grant";
    public static final String REVOKE = "revoke";
    public static final String REQUEST = "request";
    public static final String DENY = "deny";

    public static final Set<String> KNOWN = Set.of(POST, FOLLOW, UNFOLLOW, PROFILE, DELETE, ADDRESS, HISTORY);

    public static final int MAX_LENGTH = 32;

    /** The kinds this version names, as decoding shares them instead of making a string per entry. */
    private static final String[] NAMED = {
        POST, FOLLOW, UNFOLLOW, PROFILE, DELETE, ADDRESS, HISTORY, SEALED, PROTECT, GRANT, REVOKE, REQUEST, DENY
    };

    private Kind() {}

    /** True for 1–32 characters of {@code [a-z0-9-]}. A loop, not a regex: every decoded entry passes here. */
    public static boolean isValid(String kind) {
        if (kind == null || kind.isEmpty() || kind.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < kind.length(); i++) {
            if (!isKindChar(kind.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The kind spelled by {@code length} bytes of {@code bytes} at {@code offset}, or null when they
     * are not a valid kind. Kinds this version names come back as the shared constants.
     */
    public static String fromBytes(byte[] bytes, int offset, int length) {
        if (length < 1 || length > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            if (!isKindChar((char) (bytes[offset + i] & 0xff))) {
                return null;
            }
        }
        for (String named : NAMED) {
            if (named.length() == length && spells(bytes, offset, named)) {
                return named;
            }
        }
        return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }

    /** True when the bytes at {@code offset} spell {@code named} (ASCII), without making a string. */
    private static boolean spells(byte[] bytes, int offset, String named) {
        for (int i = 0; i < named.length(); i++) {
            if (bytes[offset + i] != named.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKindChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    public static boolean isKnown(String kind) {
        return KNOWN.contains(kind);
    }
}
