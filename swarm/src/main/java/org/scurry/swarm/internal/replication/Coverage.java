package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.scurry.swarm.FeedId;

/**
 * Which directly followed feeds reach this node through its links, and which followed authors to
 * dial so that the others do too (docs/protocol.md §5, "Links").
 *
 * <p>A link to peer P <em>covers</em> a followed feed F when P is F's author, or when P is itself
 * followed here and P's follow list (replicated here: P is at hop 1) names F — P then replicates F
 * at its own hop 1 and keeps F covered by the same rule, so following covering links leads to F's
 * author. Once P's clock notes have arrived they must include F. A peer that only replicates F at
 * hop 2, or that we know nothing about (a follower of ours, a random discovered peer), may get F
 * from us alone, so it does not count. When P and this node follow each other and both follow F,
 * only the one with the larger id counts the other, so two nodes never cover a feed only for each
 * other (longer follow cycles are not broken: other links usually cover them).
 *
 * <p>To close gaps, {@link #choose} picks followed authors greedily: the one whose link would cover
 * the most uncovered feeds first (set cover), ties to the smaller id. An offline author's feed is
 * thereby covered by a followed friend who follows it, the seed scenario. Pure: reads the wanted
 * feeds and the sessions, used from the replication thread only.
 */
final class Coverage {
    private final FeedId self;
    private final WantedFeeds wanted;
    private final Collection<PeerSession> sessions;

    Coverage(FeedId self, WantedFeeds wanted, Collection<PeerSession> sessions) {
        this.self = self;
        this.wanted = wanted;
        this.sessions = sessions;
    }

    /** True when {@code feed} is followed directly by a local feed (and is not local itself). */
    boolean followed(FeedId feed) {
        return wanted.followedDirectly(feed);
    }

    /** True when a link to {@code peer} would cover {@code feed} (before its notes are known). */
    boolean covers(FeedId peer, FeedId feed) {
        return peer.equals(feed) || (relays(peer) && wanted.followsOf(peer).contains(feed));
    }

    /**
     * True when {@code peer}'s follow list counts: it is followed here, and it does not follow us
     * back with a larger id than ours (mutual follows: the peer counts us instead).
     */
    private boolean relays(FeedId peer) {
        if (!followed(peer)) {
            return false;
        }
        if (peer.compareTo(self) > 0) {
            Set<FeedId> theirs = wanted.followsOf(peer);
            for (FeedId l : wanted.locals()) {
                if (theirs.contains(l)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The followed feeds covered by no linked peer nor by a link being dialled to one of {@code
     * dialing} (authors whose announced address is being dialled).
     */
    Set<FeedId> uncovered(Collection<FeedId> dialing) {
        Set<FeedId> open = new HashSet<>();
        for (FeedId f : wanted.all()) {
            if (followed(f)) {
                open.add(f);
            }
        }
        for (PeerSession s : sessions) {
            boolean notesKnown = s.clockReceived();
            coverBy(s.remoteId(), open, f -> !notesKnown || s.interestedIn(f));
        }
        for (FeedId p : dialing) {
            coverBy(p, open, f -> true);
        }
        return open;
    }

    /** Removes from {@code open} what a link to {@code peer} covers; returns how many. */
    private int coverBy(FeedId peer, Set<FeedId> open, java.util.function.Predicate<FeedId> confirmed) {
        int n = open.remove(peer) ? 1 : 0;
        if (open.isEmpty() || !relays(peer)) {
            return n;
        }
        for (FeedId f : wanted.followsOf(peer)) {
            if (confirmed.test(f) && open.remove(f)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Up to {@code slots} of the {@code candidates} (followed authors that can be dialled now) whose
     * links would cover all of {@code uncovered} that they can, greedily: most newly covered feeds
     * first, ties to the smaller id. Candidates that would cover nothing are not picked.
     */
    List<FeedId> choose(Set<FeedId> uncovered, Collection<FeedId> candidates, int slots) {
        Set<FeedId> open = new HashSet<>(uncovered);
        List<FeedId> left = new ArrayList<>(candidates);
        List<FeedId> picked = new ArrayList<>();
        while (picked.size() < slots && !open.isEmpty() && !left.isEmpty()) {
            FeedId best = null;
            int bestGain = 0;
            for (FeedId c : left) {
                int gain = gain(c, open);
                if (gain > bestGain || (gain == bestGain && gain > 0 && c.compareTo(best) < 0)) {
                    best = c;
                    bestGain = gain;
                }
            }
            if (best == null) {
                break;
            }
            FeedId chosen = best;
            picked.add(chosen);
            left.remove(chosen);
            coverBy(chosen, open, f -> true);
        }
        return picked;
    }

    private int gain(FeedId candidate, Set<FeedId> open) {
        int gain = open.contains(candidate) ? 1 : 0;
        if (relays(candidate)) {
            for (FeedId f : wanted.followsOf(candidate)) {
                if (!f.equals(candidate) && open.contains(f)) {
                    gain++;
                }
            }
        }
        return gain;
    }
}
