package org.scurry.swarm.internal.history;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.history.HistoryServer;

/**
 * The feeds one history server archives: those for which it is among the top k of the rendezvous
 * ranking of the live servers. A feed it drops out of (a server came back) is kept for the grace
 * time and released only if it is still not assigned then, so a flapping server does not make
 * copies come and go. Not thread-safe: used from the replication thread.
 */
final class Assignment {
    private final FeedId self;
    private final int copies;
    private final long graceMillis;
    private final Set<FeedId> archived = new LinkedHashSet<>();
    private final Map<FeedId, Long> releaseAt = new HashMap<>();

    public Assignment(FeedId self, int copies, java.time.Duration grace) {
        this.self = self;
        this.copies = copies;
        this.graceMillis = grace.toMillis();
    }

    /**
     * Recomputes the assignment of every known feed over {@code live} (which should include this
     * server). Returns true when the archived set changed.
     */
    public boolean update(Collection<FeedId> feeds, List<HistoryServer> live, long now) {
        boolean changed = false;
        for (FeedId f : feeds) {
            boolean mine = Rendezvous.top(f, live, copies).stream().anyMatch(s -> s.id().equals(self));
            if (mine) {
                releaseAt.remove(f);
                changed |= archived.add(f);
            } else if (archived.contains(f)) {
                long at = releaseAt.computeIfAbsent(f, x -> now + graceMillis);
                if (now >= at) {
                    archived.remove(f);
                    releaseAt.remove(f);
                    changed = true;
                }
            }
        }
        return changed;
    }

    public Set<FeedId> archived() {
        return Set.copyOf(archived);
    }

    public boolean isArchived(FeedId f) {
        return archived.contains(f);
    }

    /** Feeds waiting out their grace time before release. */
    public Set<FeedId> releasing() {
        return Set.copyOf(releaseAt.keySet());
    }
}
