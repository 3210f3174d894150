package org.scurry.bench.sim;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The two models the real replication is compared with, evaluated for each post at the moment it is
 * made, on the same links and the same latency and loss model.
 *
 * <ul>
 *   <li><b>Naive flooding</b>: every node that receives a new entry of a feed it replicates forwards
 *       it to every linked peer that replicates the feed too, except the one it came from (no "one
 *       source per feed" rule, no clocks). Delivery times are shortest paths over the links open at
 *       the moment of the post, between online nodes that replicate the feed; each hop draws its
 *       delay like a message of the simulated network.
 *   <li><b>Central server</b>: every node is linked to one server; an entry goes author → server →
 *       each online follower (two link delays) with one copy each. The server is down for the
 *       offline share of every 10 s, and a post made while it is down reaches nobody.
 * </ul>
 */
final class Baselines {
    static final long SERVER_PERIOD = 10_000;

    private final SplittableRandom random;
    private final long latency;
    private final double loss;

    Baselines(long seed, long latency, double loss) {
        this.random = new SplittableRandom(seed ^ 0xba5e_11e5L);
        this.latency = latency;
        this.loss = loss;
    }

    /** A flooded or centrally served post: arrival time (ms after the post) per node, and traffic. */
    record Spread(Map<Integer, Long> arrivals, long copies, long deliveries, long messages) {}

    long delay() {
        long d = latency;
        long rto = Math.max(SimNetwork.MIN_RTO, 2 * latency);
        while (loss > 0 && random.nextDouble() < loss) {
            d += rto;
            rto *= 2;
        }
        return d;
    }

    /**
     * Floods from {@code author} over {@code links} (the open links of each node), through online
     * nodes in {@code replicators}.
     */
    Spread flood(int author, BitSet replicators, BitSet online, IntFunction<List<Integer>> links) {
        Map<Integer, Long> at = new HashMap<>();
        Map<Integer, Integer> parent = new HashMap<>();
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        queue.add(new long[] {0, author, -1});
        long copies = 0;
        while (!queue.isEmpty()) {
            long[] q = queue.poll();
            int node = (int) q[1];
            if (q[2] >= 0) {
                copies++; // every arrival is a copy received: the first one and the duplicates
            }
            if (at.containsKey(node)) {
                continue;
            }
            at.put(node, q[0]);
            parent.put(node, (int) q[2]);
            for (int next : links.apply(node)) {
                if (next != (int) q[2] && replicators.get(next) && online.get(next)) {
                    queue.add(new long[] {q[0] + delay(), next, node});
                }
            }
        }
        at.remove(author);
        return new Spread(at, copies, at.size(), copies);
    }

    /** Serves {@code followers} through a central server that may be down at {@code sinceStart}. */
    Spread central(List<Integer> followers, long sinceStart, double downShare) {
        Map<Integer, Long> at = new HashMap<>();
        boolean down = (sinceStart % SERVER_PERIOD) < downShare * SERVER_PERIOD;
        if (down) {
            return new Spread(at, 0, 0, 0);
        }
        long upload = delay();
        for (int f : followers) {
            at.put(f, upload + delay());
        }
        return new Spread(at, at.size(), at.size(), 1 + at.size());
    }
}
