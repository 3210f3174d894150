package org.scurry.swarm.replication;

import java.util.HashMap;
import java.util.Map;
import org.scurry.swarm.FeedId;

/**
 * Scores peers down for invalid input and bans those that sink too low for a while. A peer that
 * sends one corrupt entry may be relaying damage it did not cause; one that keeps doing it is
 * dropped. Used from the replication thread only.
 */
final class PeerScores {
    static final int INVALID_ENTRY = -10;
    static final int BAN_BELOW = -100;
    static final long BAN_MILLIS = 10 * 60_000;

    private final Map<FeedId, Integer> scores = new HashMap<>();
    private final Map<FeedId, Long> bannedUntil = new HashMap<>();

    /** Adds {@code delta}; returns true when the peer is now banned. */
    boolean penalise(FeedId peer, int delta, long now) {
        int s = scores.merge(peer, delta, Integer::sum);
        if (s <= BAN_BELOW) {
            bannedUntil.put(peer, now + BAN_MILLIS);
            scores.remove(peer);
            return true;
        }
        return false;
    }

    int score(FeedId peer) {
        return scores.getOrDefault(peer, 0);
    }

    boolean isBanned(FeedId peer, long now) {
        Long until = bannedUntil.get(peer);
        if (until == null) {
            return false;
        }
        if (until <= now) {
            bannedUntil.remove(peer);
            return false;
        }
        return true;
    }
}
