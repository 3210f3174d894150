package org.scurry.swarm;

import java.util.Set;
import java.util.regex.Pattern;

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
    private static final Pattern VALID = Pattern.compile("[a-z0-9-]{1,32}");

    private Kind() {}

    public static boolean isValid(String kind) {
        return kind != null && VALID.matcher(kind).matches();
    }

    public static boolean isKnown(String kind) {
        return KNOWN.contains(kind);
    }
}
