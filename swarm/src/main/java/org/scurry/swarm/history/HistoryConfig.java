package org.scurry.swarm.history;

import java.time.Duration;

/**
 * Settings of history servers and partial storage (DESIGN.md §6, docs/history.md). Immutable; the
 * {@code with...} methods return changed copies.
 *
 * @param server true in the {@code history} role: announce, archive the assigned feeds in full,
 *     sign custody receipts; such a node never prunes
 * @param copies how many live history servers each feed is assigned to (k of the rendezvous
 *     ranking)
 * @param capacity bytes this server offers (announced; weighs its share of the ranking)
 * @param heartbeat how often a history server signs a heartbeat and sends new custody receipts
 * @param liveness a history server whose last heartbeat is older than this is dropped from the
 *     ranking; the next server in the ranking then takes its feeds over
 * @param releaseGrace how long a server keeps a feed it is no longer assigned to (a returning
 *     server) before releasing its copy (no more replication or receipts)
 * @param window entries of other people's feeds a client keeps; older ones are pruned once a
 *     history server has receipted them
 * @param pruneInterval how often a client looks for entries it may prune
 * @param rangeThreshold a node this many entries behind on a feed fetches the gap in chunks from
 *     several peers at once instead of streaming it from one
 * @param chunkEntries entries per chunk of such a fetch
 */
public record HistoryConfig(
        boolean server,
        int copies,
        long capacity,
        Duration heartbeat,
        Duration liveness,
        Duration releaseGrace,
        int window,
        Duration pruneInterval,
        int rangeThreshold,
        int chunkEntries) {

    public HistoryConfig {
        if (copies < 1) {
            throw new IllegalArgumentException("history copies must be ≥ 1: " + copies);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be ≥ 1 byte: " + capacity);
        }
        if (window < 1) {
            throw new IllegalArgumentException("history window must be ≥ 1 entry: " + window);
        }
        if (liveness.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException(
                    "history liveness (" + liveness + ") must be longer than the heartbeat (" + heartbeat + ")");
        }
        if (rangeThreshold < 1 || chunkEntries < 1 || chunkEntries > 1000) {
            throw new IllegalArgumentException(
                    "range threshold must be ≥ 1 and chunk entries 1..1000: " + rangeThreshold + ", " + chunkEntries);
        }
    }

    /** The documented defaults: a client, k = 3, 30 s heartbeats, 90 s liveness, a window of 200. */
    public static HistoryConfig defaults() {
        return new HistoryConfig(
                false,
                3,
                10L << 30,
                Duration.ofSeconds(30),
                Duration.ofSeconds(90),
                Duration.ofMinutes(10),
                200,
                Duration.ofSeconds(60),
                1000,
                500);
    }

    public HistoryConfig asServer(boolean isServer) {
        return new HistoryConfig(
                isServer,
                copies,
                capacity,
                heartbeat,
                liveness,
                releaseGrace,
                window,
                pruneInterval,
                rangeThreshold,
                chunkEntries);
    }

    public HistoryConfig withCopies(int k) {
        return new HistoryConfig(
                server,
                k,
                capacity,
                heartbeat,
                liveness,
                releaseGrace,
                window,
                pruneInterval,
                rangeThreshold,
                chunkEntries);
    }

    public HistoryConfig withCapacity(long bytes) {
        return new HistoryConfig(
                server,
                copies,
                bytes,
                heartbeat,
                liveness,
                releaseGrace,
                window,
                pruneInterval,
                rangeThreshold,
                chunkEntries);
    }

    public HistoryConfig withTimes(Duration beat, Duration live, Duration grace, Duration prune) {
        return new HistoryConfig(
                server, copies, capacity, beat, live, grace, window, prune, rangeThreshold, chunkEntries);
    }

    public HistoryConfig withWindow(int entries) {
        return new HistoryConfig(
                server,
                copies,
                capacity,
                heartbeat,
                liveness,
                releaseGrace,
                entries,
                pruneInterval,
                rangeThreshold,
                chunkEntries);
    }

    public HistoryConfig withRanges(int threshold, int chunk) {
        return new HistoryConfig(
                server, copies, capacity, heartbeat, liveness, releaseGrace, window, pruneInterval, threshold, chunk);
    }
}
