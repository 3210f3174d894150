package org.scurry.bench.sim;

import java.util.SplittableRandom;

/**
 * What happens in a simulated swarm after the warm-up: nodes churn, and random online authors
 * post. It draws from the simulator's own generator, in the simulator's order, so that a seed gives
 * the same run it gave before this was a class of its own.
 */
final class SwarmWorkload {
    private final SwarmSimulator sim;
    private final SimConfig config;
    private final VirtualTimeLoop loop;
    private final OnlineSet online;
    private final FollowGraph graph;
    private final SplittableRandom random;

    SwarmWorkload(SwarmSimulator sim, OnlineSet online, FollowGraph graph, SplittableRandom random) {
        this.sim = sim;
        this.config = sim.config();
        this.loop = sim.loop();
        this.online = online;
        this.graph = graph;
        this.random = random;
    }

    /** Every second, swaps nodes between online and offline so the offline share stays the same. */
    void scheduleChurn(long start, long end) {
        double perSecond = config.churnPerMinute() * config.nodes() / 60.0 / 2; // half go, half come
        if (perSecond <= 0 || config.offlineShare() <= 0) {
            return;
        }
        double[] carry = {0};
        for (long t = start; t < end; t += 1000) {
            loop.at(t, () -> {
                carry[0] += perSecond;
                int swaps = (int) carry[0];
                carry[0] -= swaps;
                for (int k = 0; k < swaps; k++) {
                    int goes = online.random(random);
                    int comes = randomOffline();
                    if (goes < 0 || comes < 0) {
                        return;
                    }
                    sim.stop(goes);
                    sim.start(comes);
                }
            });
        }
    }

    /** Posts of window {@code window}, at random moments of the window starting at {@code start}. */
    void schedulePosts(long start, int window) {
        for (int k = 0; k < config.posts(); k++) {
            int number = window * config.posts() + k;
            loop.at(start + random.nextLong(config.windowMillis()), () -> {
                int author = randomAuthor();
                if (author >= 0) {
                    sim.post(author, postText(number));
                }
            });
        }
    }

    private int randomOffline() {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int i = random.nextInt(config.nodes());
            if (!sim.isOnline(i)) {
                return i;
            }
        }
        return -1;
    }

    /** A random online node with at least one follower, or -1. */
    private int randomAuthor() {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int i = online.random(random);
            if (i >= 0 && graph.followers(i).length > 0) {
                return i;
            }
        }
        return -1;
    }

    /** About 120 characters, like the benchmarks' posts. */
    static String postText(int number) {
        String s = "simulated post " + number + ": ";
        return s + "x".repeat(Math.max(0, 120 - s.length()));
    }
}
