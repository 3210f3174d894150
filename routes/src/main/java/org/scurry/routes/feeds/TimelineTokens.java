package org.scurry.routes.feeds;

import java.util.Optional;
import org.scurry.swarm.FeedId;

/**
 * Resolves the secret token of a private timeline URL ({@code /timeline/{account}.atom?token=…})
 * to the account's feed. The gateway's accounts (DESIGN.md §8) implement this; {@link
 * MemoryTimelineTokens} is a simple one for tests and single-user setups.
 *
 * <p>Contract: compares tokens in constant time (the time taken must not tell how much of a guess
 * was right), answers the same way for an unknown account as for a wrong token, never throws for
 * bad input, and does not block on I/O longer than a local lookup.
 */
@FunctionalInterface
public interface TimelineTokens {
    /** The feed of {@code account} when {@code token} is its timeline token; empty otherwise. */
    Optional<FeedId> resolve(String account, String token);
}
