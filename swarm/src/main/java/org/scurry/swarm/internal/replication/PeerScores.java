package org.scurry.swarm.internal.replication;

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
    /**
     * Peers scored or banned that are remembered: identities cost nothing to make, so past this the
     * expired bans and then the oldest entries are forgotten (a ban is a cost to an attacker, not a
     * wall).
     */
    static final int REMEMBERED = 4096;

    private final Map<FeedId, Integer> scores = new java.util.LinkedHashMap<>();
    private final Map<FeedId, Long> bannedUntil = new java.util.LinkedHashMap<>();
    private final Map<FeedId, String> banReasons = new HashMap<>();

    /** Adds {@code delta}; returns true when the peer is now banned. */
    boolean penalise(FeedId peer, int delta, long now) {
        if (scores.size() >= REMEMBERED && !scores.containsKey(peer)) {
            scores.remove(scores.keySet().iterator().next());
        }
        int s = scores.merge(peer, delta, Integer::sum);
        if (s <= BAN_BELOW) {
            ban(peer, now, "sending invalid entries");
            scores.remove(peer);
            return true;
        }
        return false;
    }

    /** Refuses the peer for {@link #BAN_MILLIS}; {@code reason} completes "banned for ...". */
    void ban(FeedId peer, long now, String reason) {
        if (bannedUntil.size() >= REMEMBERED) {
            bannedUntil.values().removeIf(until -> until <= now);
            banReasons.keySet().retainAll(bannedUntil.keySet());
            if (bannedUntil.size() >= REMEMBERED) {
                FeedId oldest = bannedUntil.keySet().iterator().next();
                bannedUntil.remove(oldest);
                banReasons.remove(oldest);
            }
        }
        bannedUntil.put(peer, now + BAN_MILLIS);
        banReasons.put(peer, reason);
    }

    String banReason(FeedId peer) {
        return banReasons.getOrDefault(peer, "misbehaving");
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
            banReasons.remove(peer);
            return false;
        }
        return true;
    }
}
