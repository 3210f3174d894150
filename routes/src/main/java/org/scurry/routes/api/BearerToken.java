package org.scurry.routes.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The API token that write requests must present as {@code Authorization: Bearer TOKEN}. Compares
 * SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says nothing about how
 * much of a guess was right, nor about the token's length. {@link #toString()} hides the secret.
 */
public final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private final byte[] digest;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token must not be empty");
        }
        this.digest = sha256(token);
    }

    /** True when {@code header} is {@code Bearer } followed by the token. */
    public boolean accepts(String header) {
        if (header == null
                || header.length() < SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(
                digest, sha256(header.substring(SCHEME.length()).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
