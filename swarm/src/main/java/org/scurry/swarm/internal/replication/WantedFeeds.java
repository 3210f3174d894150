package org.scurry.swarm.internal.replication;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.spi.Store;

/**
 * Which feeds a node replicates: its local feeds (hop 0), the feeds they follow (hop 1), the feeds
 * those follow (hop 2), up to the configured number of hops (DESIGN.md §5). Follow lists are
 * public entries, so the graph is read from the store. Not thread-safe: used from the replication
 * thread.
 */
public final class WantedFeeds {
    private final Store store;
    private final int hops;
    private final Set<FeedId> local = new HashSet<>();
    /** Feeds a history server archives (docs/history.md): replicated in full, follows not followed. */
    private Set<FeedId> archived = Set.of();
    /**
     * Feeds fetched because a hint said they hold a follow request (docs/protected.md): replicated,
     * their follows not followed, never counted as followed (their announced address is not dialled).
     */
    private Set<FeedId> hinted = Set.of();

    private Set<FeedId> hintedOnly = Set.of();

    private Map<FeedId, Integer> distance = Map.of();
    /** The follow lists of the local and directly followed feeds (hop ≤ 1), as of the last recompute. */
    private Map<FeedId, Set<FeedId>> followsOf = Map.of();

    WantedFeeds(Store store, int hops) {
        this.store = store;
        this.hops = hops;
    }

    void addLocal(FeedId feed) {
        local.add(feed);
    }

    public boolean isLocal(FeedId feed) {
        return local.contains(feed);
    }

    /** The local feeds (hop 0). */
    public Set<FeedId> locals() {
        return Set.copyOf(local);
    }

    /** Sets the archived feeds; takes effect at the next {@link #recompute}. */
    public void setArchived(Set<FeedId> feeds) {
        archived = Set.copyOf(feeds);
    }

    /** Sets the hinted feeds; takes effect at the next {@link #recompute}. */
    void setHinted(Set<FeedId> feeds) {
        hinted = Set.copyOf(feeds);
    }

    /** Recomputes the set by breadth-first search; returns the new set. */
    Set<FeedId> recompute() {
        Map<FeedId, Integer> dist = new HashMap<>();
        Map<FeedId, Set<FeedId>> near = new HashMap<>();
        Set<FeedId> frontier = new HashSet<>(local);
        for (FeedId f : local) {
            dist.put(f, 0);
        }
        for (int hop = 1; hop <= hops && !frontier.isEmpty(); hop++) {
            Set<FeedId> next = new HashSet<>();
            for (FeedId f : frontier) {
                Set<FeedId> follows = store.follows(f);
                if (hop <= 2) {
                    near.put(f, follows);
                }
                for (FeedId followed : follows) {
                    if (!dist.containsKey(followed)) {
                        dist.put(followed, hop);
                        next.add(followed);
                    }
                }
            }
            frontier = next;
        }
        for (FeedId f : archived) {
            dist.putIfAbsent(f, hops);
        }
        Set<FeedId> onlyHinted = new HashSet<>();
        for (FeedId f : hinted) {
            if (dist.putIfAbsent(f, hops) == null) {
                onlyHinted.add(f);
            }
        }
        hintedOnly = onlyHinted;
        for (Map.Entry<FeedId, Integer> e : dist.entrySet()) {
            if (e.getValue() == 1 && !near.containsKey(e.getKey()) && !onlyHinted.contains(e.getKey())) {
                near.put(e.getKey(), store.follows(e.getKey())); // hops = 1: not expanded above
            }
        }
        distance = dist;
        followsOf = near;
        return dist.keySet();
    }

    public Set<FeedId> all() {
        return distance.keySet();
    }

    boolean contains(FeedId feed) {
        return distance.containsKey(feed);
    }

    /**
     * Whom {@code feed} follows, for a local or directly followed feed (hop ≤ 1) as of the last
     * {@link #recompute}; empty for other feeds.
     */
    Set<FeedId> followsOf(FeedId feed) {
        return followsOf.getOrDefault(feed, Set.of());
    }

    /** Hop distance of a wanted feed, or -1. */
    int hopOf(FeedId feed) {
        return distance.getOrDefault(feed, -1);
    }

    /** True when a local feed follows {@code feed} (hop 1 through the follow graph, not a hint). */
    boolean followedDirectly(FeedId feed) {
        return hopOf(feed) == 1 && !hintedOnly.contains(feed);
    }

    /** True when a follow change by {@code author} can change the set (it is within hops - 1). */
    boolean followsMatter(FeedId author) {
        int d = hopOf(author);
        return d >= 0 && d < hops;
    }
}
