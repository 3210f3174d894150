package org.scurry.swarm;

import java.util.regex.Pattern;

/**
 * Where a node keeps its entries: the H2 file in its data directory (the default, {@link #H2}), or
 * a PostgreSQL database ({@link #postgres}) for a history server whose archive outgrows one disk
 * (docs/storage.md, "PostgreSQL"). Immutable.
 *
 * <p>The password is never part of {@link #toString()} nor of {@link #redactedUrl()}: a URL that
 * carries one ({@code ?password=...}) is shown with {@code ***} in its place, so that the location
 * can be logged and shown in status. Prefer giving the password apart from the URL (the gateway
 * reads it from {@code SCURRY_STORE_PASSWORD} or a file, docs/configuration.md).
 *
 * @param url {@code jdbc:postgresql://HOST:PORT/DATABASE[?...]}, or empty for the H2 store
 * @param user the database user, or empty for the URL's (or the driver's default)
 * @param password the user's password, or empty for the URL's, {@code ~/.pgpass}'s or none
 */
public record StoreLocation(String url, String user, String password) {
    /** The H2 file {@code store/} in the node's data directory. */
    public static final StoreLocation H2 = new StoreLocation("", "", "");

    /** The JDBC URL prefix of a PostgreSQL database. */
    public static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:ssl)?password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]*):[^/@?]*@");

    public StoreLocation {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (!url.isEmpty() && !url.startsWith(POSTGRES_PREFIX)) {
            throw new IllegalArgumentException(
                    "a store URL must start with " + POSTGRES_PREFIX + " (or be empty for H2): " + redact(url));
        }
        if (url.isEmpty() && !(user.isEmpty() && password.isEmpty())) {
            throw new IllegalArgumentException("a store user or password needs a " + POSTGRES_PREFIX + " URL");
        }
    }

    /** A PostgreSQL database; {@code user} and {@code password} may be empty (see the fields). */
    public static StoreLocation postgres(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL store needs a " + POSTGRES_PREFIX + " URL");
        }
        return new StoreLocation(url, user, password);
    }

    public boolean isPostgres() {
        return !url.isEmpty();
    }

    /** The URL with any password in it replaced by {@code ***}: fit for logs and status. */
    public String redactedUrl() {
        return redact(url);
    }

    /**
     * {@code text} with the values of {@code password=} / {@code sslpassword=} parameters and the
     * password of a {@code //user:password@} part replaced by {@code ***}.
     */
    public static String redact(String text) {
        if (text == null) {
            return "null";
        }
        String out = PASSWORD_PARAM.matcher(text).replaceAll("$1***");
        return USER_INFO.matcher(out).replaceAll("$1:***@");
    }

    /** Says where, never the password. */
    @Override
    public String toString() {
        if (!isPostgres()) {
            return "H2 in the data directory";
        }
        return "PostgreSQL at " + redactedUrl() + (user.isEmpty() ? "" : " as " + user)
                + (password.isEmpty() ? "" : " (password given)");
    }
}
