package org.scurry.swarm.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.PeerLink;
import org.scurry.swarm.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps outbound links up. Permanent targets (bootstrap peers, explicit connects) are re-dialled
 * after every loss with capped exponential backoff; discovered addresses (Hello, Peers messages,
 * {@code address} entries of feeds not followed directly) are dialled while fewer than {@code
 * discoveredPeers} of them are connected. Addresses announced in the {@code address} entry of a
 * feed this node follows directly are dialled for coverage ({@link Coverage}): only when some
 * followed feed has no route here through the linked peers, choosing the authors whose links cover
 * the most such feeds, at most {@link #FOLLOWED_PEERS} such links at once (docs/protocol.md §5). A
 * target whose peer is already linked (in either direction) is not dialled: one link per pair.
 * Used from the replication thread; dial results come back through {@code actor}; times are read
 * from {@code clock} (the replication scheduler's).
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
    /** The latest announced target of each author. */
    private final Map<FeedId, Target> announced = new HashMap<>();
    /**
     * When coverage is next looked at: at once after links or the wanted feeds changed ({@link
     * #linksChanged}), else when a backed-off followed author may be dialled again.
     */
    private long coverageDueAt;

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
        if (t != null && !author.equals(t.announcedBy)) {
            t.announcedBy = author;
            Target old = announced.put(author, t);
            if (old != null && old != t) {
                old.announcedBy = null; // the author moved: its old address is merely discovered
            }
            coverageDueAt = 0;
        }
    }

    /** Links opened or closed, or the followed feeds changed: look at coverage at the next tick. */
    void linksChanged() {
        coverageDueAt = 0;
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
     * Dials every due target. {@code linked} are the ids with a live session; {@code coverage} tells
     * which followed feeds lack a route here and which followed authors to dial for them.
     */
    void tick(long now, Set<FeedId> linked, FeedId self, Coverage coverage) {
        int discoveredLinked = 0;
        List<FeedId> followedBusy = new ArrayList<>();
        for (Target t : targets.values()) {
            boolean up = t.knownId != null && linked.contains(t.knownId);
            if (t.permanent || !(up || t.dialing)) {
                continue;
            }
            if (isFollowed(t, coverage)) {
                followedBusy.add(t.announcedBy);
            } else if (up) {
                discoveredLinked++;
            }
        }
        for (Target t : targets.values()) {
            if (t.dialing || now < t.nextAttempt || self.equals(t.knownId)) {
                continue;
            }
            if (t.knownId != null && linked.contains(t.knownId)) {
                continue;
            }
            if (t.permanent) {
                dial(t, now);
            } else if (!isFollowed(t, coverage) && discoveredLinked < discoveredPeers) {
                discoveredLinked++;
                dial(t, now);
            }
        }
        if (now >= coverageDueAt) {
            cover(now, linked, self, coverage, followedBusy);
        }
    }

    /** Dials the followed authors that cover what no link covers, within the limit. */
    private void cover(long now, Set<FeedId> linked, FeedId self, Coverage coverage, List<FeedId> busy) {
        coverageDueAt = Long.MAX_VALUE;
        Set<FeedId> uncovered = coverage.uncovered(busy);
        if (uncovered.isEmpty()) {
            return;
        }
        List<FeedId> candidates = new ArrayList<>();
        for (Map.Entry<FeedId, Target> e : announced.entrySet()) {
            Target t = e.getValue();
            FeedId author = e.getKey();
            if (t.dialing || !coverage.followed(author) || author.equals(self) || linked.contains(author)) {
                continue;
            }
            if (t.knownId != null && linked.contains(t.knownId)) {
                continue;
            }
            if (now < t.nextAttempt) {
                coverageDueAt = Math.min(coverageDueAt, t.nextAttempt);
            } else {
                candidates.add(author);
            }
        }
        int slots = FOLLOWED_PEERS - busy.size();
        for (FeedId author : coverage.choose(uncovered, candidates, slots)) {
            dial(announced.get(author), now);
        }
    }

    private static boolean isFollowed(Target t, Coverage coverage) {
        return t.announcedBy != null && coverage.followed(t.announcedBy);
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
                    coverageDueAt = 0;
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
