package org.scurry.swarm.internal.replication;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.scurry.swarm.CatchUp;
import org.scurry.swarm.FeedId;

/**
 * Counts {@link CatchUp}: for each wanted feed, the newest seq a linked peer holds (what its clock
 * said, or the entries it sent) against the head held here, summed by feed group. A pure count over
 * what the replication thread already knows plus one head look-up per wanted feed; run on that
 * thread.
 */
final class LagCount {
    static final CatchUp EMPTY = of(Map.of());

    private LagCount() {}

    static CatchUp of(
            WantedFeeds wanted, Set<FeedId> archived, Collection<PeerSession> sessions, ToLongFunction<FeedId> head) {
        Map<String, int[]> feeds = new HashMap<>();
        Map<String, Long> entries = new HashMap<>();
        for (FeedId f : wanted.all()) {
            String group = group(wanted, archived, f);
            long remote = 0;
            for (PeerSession s : sessions) {
                remote = Math.max(remote, s.remoteSeq(f, 0L));
            }
            long behind = Math.max(0, remote - head.applyAsLong(f));
            int[] counts = feeds.computeIfAbsent(group, g -> new int[2]);
            counts[0]++;
            if (behind > 0) {
                counts[1]++;
                entries.merge(group, behind, Long::sum);
            }
        }
        Map<String, CatchUp.Group> groups = new HashMap<>();
        for (String g : CatchUp.GROUPS) {
            int[] c = feeds.getOrDefault(g, new int[2]);
            groups.put(g, new CatchUp.Group(c[0], c[1], entries.getOrDefault(g, 0L)));
        }
        return new CatchUp(groups);
    }

    private static CatchUp of(Map<String, CatchUp.Group> groups) {
        Map<String, CatchUp.Group> all = new HashMap<>(groups);
        for (String g : CatchUp.GROUPS) {
            all.putIfAbsent(g, new CatchUp.Group(0, 0, 0));
        }
        return new CatchUp(all);
    }

    /** own (hop 0), followed (hop 1 through the graph), archived (a history server's), else extended. */
    static String group(WantedFeeds wanted, Set<FeedId> archived, FeedId f) {
        int hop = wanted.hopOf(f);
        if (hop == 0) {
            return "own";
        }
        if (wanted.followedDirectly(f)) {
            return "followed";
        }
        return archived.contains(f) ? "archived" : "extended";
    }
}
