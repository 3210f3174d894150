package org.scurry.bench.sim;

import java.util.Arrays;

/**
 * How the posts of one run reached their online followers, for one way of spreading them (the
 * real replication, or a baseline model).
 *
 * @param targets (post, online follower) pairs: followers online when the post was made that stayed
 *     online until its horizon
 * @param reachedByDeadline share of targets holding the post within the deadline (3 s)
 * @param reachedBySecond share of targets holding the post within 1 s
 * @param reachedByHorizon share holding it within the horizon
 * @param p50Millis median delivery latency of the pairs reached within the horizon
 * @param p90Millis 90th percentile
 * @param p99Millis 99th percentile
 * @param maxMillis slowest
 * @param copiesPerDelivered transmissions of the post's bytes ÷ nodes that stored it (every node
 *     replicating the feed, not only followers): each Entries message carrying it that a node
 *     received counts once, and once more when it came through a relay's tunnel (sender → relay →
 *     receiver crosses the network twice)
 * @param deliveries nodes that stored a post, over all posts
 */
public record Delivery(
        long targets,
        double reachedByDeadline,
        double reachedBySecond,
        double reachedByHorizon,
        double p50Millis,
        double p90Millis,
        double p99Millis,
        double maxMillis,
        double copiesPerDelivered,
        long deliveries) {

    /** Summarises latencies (ms, of the reached targets) against the target count. */
    static Delivery of(long targets, long[] latencies, long deadline, long copies, long deliveries) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long byDeadline = 0;
        long bySecond = 0;
        for (long l : sorted) {
            if (l <= deadline) {
                byDeadline++;
            }
            if (l <= 1_000) {
                bySecond++;
            }
        }
        double t = Math.max(1, targets);
        return new Delivery(
                targets,
                byDeadline / t,
                bySecond / t,
                sorted.length / t,
                percentile(sorted, 0.50),
                percentile(sorted, 0.90),
                percentile(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                deliveries == 0 ? Double.NaN : (double) copies / deliveries,
                deliveries);
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
