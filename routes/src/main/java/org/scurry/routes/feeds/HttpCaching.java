package org.scurry.routes.feeds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Validators of a rendered page and the conditional-GET decision (RFC 9110 §13.1): {@code
 * If-None-Match} wins over {@code If-Modified-Since}; a match on either answers 304.
 *
 * @param etag the strong entity tag, quoted
 * @param lastModified the newest entry's timestamp, whole seconds (HTTP dates have no finer grain)
 */
record HttpCaching(String etag, Instant lastModified) {
    /**
     * RFC 7231's IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}): a two-digit day.
     * DateTimeFormatter.RFC_1123_DATE_TIME prints one digit for days 1 to 9, which RFC 1123 allows
     * but IMF-fixdate does not; it still reads both, so it parses {@code If-Modified-Since}.
     */
    static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
            .withZone(ZoneOffset.UTC);

    /**
     * Validators from the parts that decide a page's bytes: {@code parts} are hashed (SHA-256,
     * first 16 bytes in hex) into the ETag; {@code newest} is the newest entry's timestamp in ms.
     */
    static HttpCaching of(long newestMillis, String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        for (String p : parts) {
            sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        String tag = "\"" + HexFormat.of().formatHex(sha.digest(), 0, 16) + "\"";
        return new HttpCaching(
                tag, Instant.ofEpochMilli(Math.max(0, newestMillis)).truncatedTo(ChronoUnit.SECONDS));
    }

    /** The {@code Last-Modified} header value (IMF-fixdate). */
    String lastModifiedHeader() {
        return IMF_FIXDATE.format(lastModified);
    }

    /** True when the client's copy is current: answer 304. */
    boolean notModified(String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String t = candidate.trim();
                if (t.equals("*")
                        || t.equals(etag)
                        || (t.startsWith("W/") && t.substring(2).equals(etag))) {
                    return true;
                }
            }
            return false;
        }
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return !lastModified.isAfter(since);
            } catch (DateTimeParseException e) {
                return false; // an unparseable date is ignored (RFC 9110 §13.1.3)
            }
        }
        return false;
    }
}
