package org.scurry.bench.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.scurry.swarm.Entry;

/** One post the simulator follows, and where it got to by the real code and the two models. */
final class TrackedPost {
    final Entry entry;
    final int author;
    final long t0;
    /** Followers online when it was made and still online: whom it must reach. */
    final Set<Integer> targets;
    /** Delay from the post to each node's append, by the real replication. */
    final Map<Integer, Long> real = new HashMap<>();
    /** Transmissions of its bytes: a tunnelled reception counts twice (see {@link Delivery}). */
    long copies;
    /** Receptions (Entries messages carrying it), and those of them that came through a tunnel. */
    long receptions;

    long relayedReceptions;
    long deliveries;
    Baselines.Spread flood;
    Baselines.Spread central;

    TrackedPost(Entry entry, int author, long t0, Set<Integer> targets) {
        this.entry = entry;
        this.author = author;
        this.t0 = t0;
        this.targets = targets;
    }

    void received(boolean relayed) {
        receptions++;
        copies += relayed ? 2 : 1;
        if (relayed) {
            relayedReceptions++;
        }
    }
}
