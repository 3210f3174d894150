package org.scurry.swarm.replication;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.PeerLink;
import org.scurry.swarm.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps outbound links up. Permanent targets (bootstrap peers, explicit connects) are re-dialled
 * after every loss with capped exponential backoff; discovered addresses (Hello, Peers messages,
 * {@code address} entries) are dialled while fewer than {@code discoveredPeers} of them are
 * connected. Addresses announced in the {@code address} entry of a feed this node follows directly
 * are kept linked like permanent targets, up to {@link #FOLLOWED_PEERS} of them: the author is the
 * first holder of its own feed, and the swarm simulator showed that followers with no link to the
 * author nor to anyone replicating it miss its entries (docs/protocol.md §5). A target whose peer
 * is already linked (in either direction) is not dialled: one link per pair. Used from the replication thread; dial results come back through {@code actor}; times
 * are read from {@code clock} (the replication scheduler's).
 */
final class Dialer {
    private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);
    private static final int MAX_DISCOVERED = 1000;
    static final int FOLLOWED_PEERS = NodeConfig.FOLLOWED_PEERS;

    private static final class Target {
        final String address;
        boolean permanent;
        long backoff;
        long nextAttempt;
        boolean dialing;
        FeedId knownId;
        /** The feed whose {@code address} entry announced this address, if any. */
        FeedId announcedBy;

        int failures;

        Target(String address, long backoff) {
            this.address = address;
            this.backoff = backoff;
        }
    }

    private final Transport transport;
    private final Executor actor;
    private final LongSupplier clock;
    private final long minBackoff;
    private final long maxBackoff;
    private final int discoveredPeers;
    private final Set<String> ownAddresses;
    private final Map<String, Target> targets = new LinkedHashMap<>();

    Dialer(Transport transport, Executor actor, LongSupplier clock, NodeConfig config, Set<String> ownAddresses) {
        this.transport = transport;
        this.actor = actor;
        this.clock = clock;
        this.minBackoff = config.reconnectMin().toMillis();
        this.maxBackoff = config.reconnectMax().toMillis();
        this.discoveredPeers = config.discoveredPeers();
        this.ownAddresses = ownAddresses;
    }

    /** A target kept connected for the life of the node. */
    void addPermanent(String address) {
        target(address).permanent = true;
    }

    /** An address learnt from the swarm; dialled only to keep {@code discoveredPeers} links. */
    void addDiscovered(String address) {
        if (address == null || address.isBlank() || ownAddresses.contains(address)) {
            return;
        }
        if (!targets.containsKey(address) && targets.size() < MAX_DISCOVERED) {
            target(address);
        }
    }

    /** An address announced by {@code author} in an {@code address} entry. */
    void addAnnounced(String address, FeedId author) {
        addDiscovered(address);
        Target t = targets.get(address);
        if (t != null) {
            t.announcedBy = author;
        }
    }

    Set<String> addresses() {
        return targets.keySet();
    }

    private Target target(String address) {
        return targets.computeIfAbsent(address, a -> new Target(a, minBackoff));
    }

    /** Dials now (explicit connect); the future completes with the link or the reason. */
    CompletableFuture<PeerLink> dialNow(String address, long now) {
        Target t = target(address);
        t.permanent = true;
        return dial(t, now);
    }

    /**
     * Dials every due target. {@code linked} are the ids with a live session; {@code followed} tells
     * whether a feed is followed directly (its announced address is then kept linked).
     */
    void tick(long now, Set<FeedId> linked, FeedId self, Predicate<FeedId> followed) {
        int discoveredLinked = 0;
        int followedLinked = 0;
        for (Target t : targets.values()) {
            if (!t.permanent && t.knownId != null && linked.contains(t.knownId)) {
                if (isFollowed(t, followed)) {
                    followedLinked++;
                } else {
                    discoveredLinked++;
                }
            }
        }
        for (Target t : targets.values()) {
            if (t.dialing || now < t.nextAttempt || self.equals(t.knownId)) {
                continue;
            }
            if (t.knownId != null && linked.contains(t.knownId)) {
                continue;
            }
            if (!t.permanent) {
                if (isFollowed(t, followed)) {
                    if (followedLinked >= FOLLOWED_PEERS) {
                        continue;
                    }
                    followedLinked++;
                } else {
                    if (discoveredLinked >= discoveredPeers) {
                        continue;
                    }
                    discoveredLinked++;
                }
            }
            dial(t, now);
        }
    }

    private static boolean isFollowed(Target t, Predicate<FeedId> followed) {
        return t.announcedBy != null && followed.test(t.announcedBy);
    }

    /** A link to {@code id} closed: re-dial its target after the current backoff. */
    void onClosed(FeedId id, long now) {
        for (Target t : targets.values()) {
            if (id.equals(t.knownId)) {
                t.nextAttempt = now + t.backoff;
            }
        }
    }

    private CompletableFuture<PeerLink> dial(Target t, long now) {
        t.dialing = true;
        CompletableFuture<PeerLink> result = new CompletableFuture<>();
        transport
                .connect(t.address)
                .whenComplete((link, error) -> actor.execute(() -> {
                    t.dialing = false;
                    long at = clock.getAsLong();
                    if (error != null) {
                        t.failures++;
                        t.nextAttempt = at + t.backoff;
                        if (t.permanent && (t.failures <= 3 || t.failures % 20 == 0)) {
                            LOG.info(
                                    "cannot reach peer {} (attempt {}, next in {} ms): {}",
                                    t.address,
                                    t.failures,
                                    t.backoff,
                                    rootMessage(error));
                        }
                        t.backoff = Math.min(maxBackoff, t.backoff * 2);
                        result.completeExceptionally(error);
                    } else {
                        t.knownId = link.remoteId();
                        t.failures = 0;
                        t.backoff = minBackoff;
                        result.complete(link);
                    }
                }));
        return result;
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c != c.getCause()) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
