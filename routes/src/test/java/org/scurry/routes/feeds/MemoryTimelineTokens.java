package org.scurry.routes.feeds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.scurry.swarm.FeedId;

/**
 * {@link TimelineTokens} kept in memory: account name → (SHA-256 of the token, feed). Compares
 * digests with {@link MessageDigest#isEqual}, and compares against a dummy digest for an unknown
 * account, so neither the token's length nor whether the account exists shows in the timing.
 * Thread-safe. Holds no plain tokens; {@link #toString()} names no secret.
 */
public final class MemoryTimelineTokens implements TimelineTokens {
    private static final byte[] NO_ACCOUNT = sha256("\u0000no account\u0000");

    private record Grant(byte[] digest, FeedId feed) {}

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    /** Sets (or replaces) the token of {@code account}. Throws for an empty name or token. */
    public MemoryTimelineTokens put(String account, String token, FeedId feed) {
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("account name must not be empty");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("timeline token must not be empty for account " + account);
        }
        grants.put(account, new Grant(sha256(token), feed));
        return this;
    }

    /** Forgets {@code account}: its timeline URL stops working. */
    public void remove(String account) {
        grants.remove(account);
    }

    @Override
    public Optional<FeedId> resolve(String account, String token) {
        Grant grant = account == null ? null : grants.get(account);
        byte[] presented = sha256(token == null ? "" : token);
        boolean match = MessageDigest.isEqual(grant == null ? NO_ACCOUNT : grant.digest(), presented);
        return match && grant != null && token != null && !token.isEmpty()
                ? Optional.of(grant.feed())
                : Optional.empty();
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
        return "MemoryTimelineTokens[" + grants.size() + " accounts]";
    }
}
