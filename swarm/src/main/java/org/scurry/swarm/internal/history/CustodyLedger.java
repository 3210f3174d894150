package org.scurry.swarm.internal.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.history.CustodyReceipt;

/**
 * The best custody receipt per (feed, server) that this node has checked: what history servers
 * say they hold. Pruning asks {@link #coveredUpTo}. Kept in memory: after a restart nothing is
 * pruned until receipts arrive again (servers re-send theirs on every new link). Thread-safe.
 */
public final class CustodyLedger {
    private final Map<FeedId, Map<FeedId, CustodyReceipt>> byFeed = new HashMap<>();

    /** Records a checked receipt; true when it raises what that server holds of the feed. */
    public synchronized boolean offer(CustodyReceipt r) {
        Map<FeedId, CustodyReceipt> servers = byFeed.computeIfAbsent(r.feed(), f -> new HashMap<>());
        CustodyReceipt old = servers.get(r.server());
        if (old != null && old.seq() >= r.seq()) {
            return false;
        }
        servers.put(r.server(), r);
        return true;
    }

    /** The highest seq some history server receipted for the feed; 0 when none did. */
    public synchronized long coveredUpTo(FeedId feed) {
        long best = 0;
        for (CustodyReceipt r : byFeed.getOrDefault(feed, Map.of()).values()) {
            best = Math.max(best, r.seq());
        }
        return best;
    }

    /** The receipt covering the most of the feed, or null. */
    public synchronized CustodyReceipt best(FeedId feed) {
        CustodyReceipt best = null;
        for (CustodyReceipt r : byFeed.getOrDefault(feed, Map.of()).values()) {
            if (best == null || r.seq() > best.seq()) {
                best = r;
            }
        }
        return best;
    }

    /** The best receipt of each server for the feed. */
    public synchronized List<CustodyReceipt> receipts(FeedId feed) {
        return new ArrayList<>(byFeed.getOrDefault(feed, Map.of()).values());
    }

    /** Forgets a receipt that turned out not to match the chain held (another branch of a fork). */
    public synchronized void drop(CustodyReceipt r) {
        Map<FeedId, CustodyReceipt> servers = byFeed.get(r.feed());
        if (servers != null) {
            servers.remove(r.server(), r);
        }
    }
}
