package org.scurry.bench.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A directed follow graph with power-law degrees, reproducible from a seed. Built by preferential
 * attachment in arrival order (Price's model): node {@code i} follows {@code k_i} distinct earlier
 * nodes, each chosen with probability proportional to (followers + 1), so in-degrees (followers)
 * follow a power law with a few hubs; the number each node follows, {@code k_i}, is drawn from a
 * discrete power law (Zipf, exponent {@link #OUT_EXPONENT}) between {@code minFollows} and {@code
 * maxFollows}, capped by how many nodes came before. Node labels are then shuffled, so an index says
 * nothing of a node's degree.
 */
public final class FollowGraph {
    /** Exponent of the distribution of how many accounts a node follows. */
    public static final double OUT_EXPONENT = 2.0;

    private final int[][] follows;
    private final int[][] followers;

    private FollowGraph(int[][] follows) {
        this.follows = follows;
        int n = follows.length;
        int[] in = new int[n];
        for (int[] f : follows) {
            for (int t : f) {
                in[t]++;
            }
        }
        followers = new int[n][];
        for (int i = 0; i < n; i++) {
            followers[i] = new int[in[i]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            for (int t : follows[i]) {
                followers[t][fill[t]++] = i;
            }
        }
    }

    /**
     * A graph of {@code n} nodes; the same arguments give the same graph.
     *
     * @param minFollows fewest accounts a node follows (when enough nodes came before it)
     * @param maxFollows most accounts a node follows
     */
    public static FollowGraph powerLaw(int n, int minFollows, int maxFollows, long seed) {
        if (n < 2 || minFollows < 1 || maxFollows < minFollows) {
            throw new IllegalArgumentException(
                    "need n ≥ 2 and 1 ≤ minFollows ≤ maxFollows: " + n + ", " + minFollows + ", " + maxFollows);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] cumulative = zipfCumulative(minFollows, maxFollows);
        // The urn holds each node once (the +1) and once more per follower: a uniform draw from it
        // is a draw proportional to (followers + 1).
        int[] counts = new int[n];
        long total = n;
        for (int i = 0; i < n; i++) {
            counts[i] = Math.min(i, drawZipf(cumulative, minFollows, random));
            total += counts[i];
        }
        int[] urn = new int[Math.toIntExact(total)];
        int urnSize = 0;
        int[][] follows = new int[n][];
        for (int i = 0; i < n; i++) {
            int k = counts[i];
            int[] chosen = new int[k];
            int got = 0;
            int attempts = 0;
            while (got < k) {
                int t = ++attempts < 50 * k ? urn[random.nextInt(urnSize)] : random.nextInt(i);
                if (!contains(chosen, got, t)) {
                    chosen[got++] = t;
                }
            }
            follows[i] = chosen;
            for (int t : chosen) {
                urn[urnSize++] = t;
            }
            urn[urnSize++] = i;
        }
        return new FollowGraph(shuffleLabels(follows, random));
    }

    private static boolean contains(int[] a, int len, int v) {
        for (int i = 0; i < len; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private static double[] zipfCumulative(int min, int max) {
        double[] c = new double[max - min + 1];
        double sum = 0;
        for (int d = min; d <= max; d++) {
            sum += Math.pow(d, -OUT_EXPONENT);
            c[d - min] = sum;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static int drawZipf(double[] cumulative, int min, SplittableRandom random) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return min + (at >= 0 ? at : -at - 1);
    }

    private static int[][] shuffleLabels(int[][] follows, SplittableRandom random) {
        int n = follows.length;
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = label[i];
            label[i] = label[j];
            label[j] = t;
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] f = follows[i].clone();
            for (int j = 0; j < f.length; j++) {
                f[j] = label[f[j]];
            }
            out[label[i]] = f;
        }
        return out;
    }

    public int size() {
        return follows.length;
    }

    /** The nodes {@code i} follows, in the order it followed them. Do not modify. */
    public int[] follows(int i) {
        return follows[i];
    }

    /** The nodes following {@code i}. Do not modify. */
    public int[] followers(int i) {
        return followers[i];
    }

    public long edges() {
        long e = 0;
        for (int[] f : follows) {
            e += f.length;
        }
        return e;
    }

    public int maxFollowers() {
        int m = 0;
        for (int[] f : followers) {
            m = Math.max(m, f.length);
        }
        return m;
    }

    /**
     * The feeds node {@code i} replicates with {@code hops} (DESIGN.md §5): itself, those it follows,
     * those they follow, and so on; sorted.
     */
    public int[] wanted(int i, int hops) {
        java.util.BitSet seen = new java.util.BitSet(follows.length);
        seen.set(i);
        List<Integer> frontier = new ArrayList<>(List.of(i));
        for (int h = 1; h <= hops && !frontier.isEmpty(); h++) {
            List<Integer> next = new ArrayList<>();
            for (int f : frontier) {
                for (int t : follows[f]) {
                    if (!seen.get(t)) {
                        seen.set(t);
                        next.add(t);
                    }
                }
            }
            frontier = next;
        }
        return seen.stream().toArray();
    }

    /** How many nodes have each number of followers: index = followers, value = nodes. */
    public int[] followerHistogram() {
        int[] h = new int[maxFollowers() + 1];
        for (int[] f : followers) {
            h[f.length]++;
        }
        return h;
    }
}
