package org.scurry.bench.sim;

/**
 * One simulated scenario. Times are virtual milliseconds.
 *
 * @param offlineShare share of nodes offline at any moment (churn keeps it constant)
 * @param latencyMillis one-way delay of every link
 * @param loss probability that a message needs a TCP retransmission (see {@link SimNetwork})
 * @param churnPerMinute share of nodes that change state (online ↔ offline) per simulated minute,
 *     during the measured phase
 * @param posts new posts during each window, by online authors that have followers
 * @param dialFollowees how many of the accounts it follows each node has as configured (bootstrap)
 *     peers, re-dialled for ever: {@link #BOOTSTRAP_PEERS} in the standard scenario, as a user
 *     configures one friend's node; every other link is the product's Dialer's choice, from the
 *     authors' {@code address} entries in the node's store (docs/protocol.md §5). A large value
 *     (every followed account) is the upper bound the Dialer's limit is compared with
 * @param warmupMillis nodes start during the first second, then link up and exchange clocks
 * @param windowMillis posts are made during this window after the warm-up
 * @param horizonMillis how long after a post its deliveries are watched
 * @param windows measurement windows, one after the other on the same swarm: each is {@code
 *     windowMillis} of posts and then {@code horizonMillis} of watching them, so each is reported
 *     as a run of its own (its own posts, authors, churn and losses; the same graph)
 * @param deadlineMillis the target delivery time (3 s in issue 6)
 * @param seed seeds the offline set, churn, post times and authors, and the network's losses
 * @param nat who can be dialled, and the relays ({@link NatConfig#NONE}: everyone)
 */
public record SimConfig(
        int nodes,
        double offlineShare,
        long latencyMillis,
        double loss,
        double churnPerMinute,
        int posts,
        int dialFollowees,
        long warmupMillis,
        long windowMillis,
        long horizonMillis,
        int windows,
        long deadlineMillis,
        long seed,
        NatConfig nat) {

    /** Configured peers per node in the standard scenario: one followed account (a friend's node). */
    public static final int BOOTSTRAP_PEERS = 1;

    public SimConfig {
        if (offlineShare < 0 || offlineShare >= 1) {
            throw new IllegalArgumentException("offline share must be in [0, 1): " + offlineShare);
        }
        if (nodes < 2 || posts < 1 || dialFollowees < 0 || windows < 1) {
            throw new IllegalArgumentException("need ≥ 2 nodes, ≥ 1 post, dialFollowees ≥ 0, ≥ 1 window");
        }
    }

    /**
     * The documented scenario: 50 ms links, 1 % loss, 5 % churn a minute, one configured peer, every
     * node reachable.
     */
    public static SimConfig standard(int nodes, double offlineShare, int posts, long seed) {
        return new SimConfig(
                nodes,
                offlineShare,
                50,
                0.01,
                0.05,
                posts,
                BOOTSTRAP_PEERS,
                10_000,
                30_000,
                20_000,
                1,
                3_000,
                seed,
                NatConfig.NONE);
    }

    /** Each node has up to {@code n} of the accounts it follows as configured peers. */
    public SimConfig withDialFollowees(int n) {
        return new SimConfig(
                nodes,
                offlineShare,
                latencyMillis,
                loss,
                churnPerMinute,
                posts,
                n,
                warmupMillis,
                windowMillis,
                horizonMillis,
                windows,
                deadlineMillis,
                seed,
                nat);
    }

    public SimConfig withPosts(int n) {
        return new SimConfig(
                nodes,
                offlineShare,
                latencyMillis,
                loss,
                churnPerMinute,
                n,
                dialFollowees,
                warmupMillis,
                windowMillis,
                horizonMillis,
                windows,
                deadlineMillis,
                seed,
                nat);
    }

    public SimConfig withChurn(double perMinute) {
        return new SimConfig(
                nodes,
                offlineShare,
                latencyMillis,
                loss,
                perMinute,
                posts,
                dialFollowees,
                warmupMillis,
                windowMillis,
                horizonMillis,
                windows,
                deadlineMillis,
                seed,
                nat);
    }

    public SimConfig withLoss(double l) {
        return new SimConfig(
                nodes,
                offlineShare,
                latencyMillis,
                l,
                churnPerMinute,
                posts,
                dialFollowees,
                warmupMillis,
                windowMillis,
                horizonMillis,
                windows,
                deadlineMillis,
                seed,
                nat);
    }

    public SimConfig withWindows(int n) {
        return new SimConfig(
                nodes,
                offlineShare,
                latencyMillis,
                loss,
                churnPerMinute,
                posts,
                dialFollowees,
                warmupMillis,
                windowMillis,
                horizonMillis,
                n,
                deadlineMillis,
                seed,
                nat);
    }

    public SimConfig withNat(NatConfig n) {
        return new SimConfig(
                nodes,
                offlineShare,
                latencyMillis,
                loss,
                churnPerMinute,
                posts,
                dialFollowees,
                warmupMillis,
                windowMillis,
                horizonMillis,
                windows,
                deadlineMillis,
                seed,
                n);
    }

    /** Virtual time from the end of the warm-up to the end of the last window's horizon. */
    public long measuredMillis() {
        return windows * (windowMillis + horizonMillis);
    }
}
