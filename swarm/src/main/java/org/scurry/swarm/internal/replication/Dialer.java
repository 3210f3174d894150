package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Transport;
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
    /** Addresses that open a tunnel through a relay to a node ({@code Transport.connect}). */
    static final String RELAY_PREFIX = "relay:";

    private static final class Target {
        final String address;
        boolean permanent;
        long backoff;
        long nextAttempt;
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
    /**
     * Indexes over {@link #targets}, so that a tick touches the few targets that matter (the
     * permanent ones, those being dialled, those whose peer is linked) and not all of up to {@link
     * #MAX_DISCOVERED}: in a swarm of thousands, scanning every target each second was most of a
     * node's replication work.
     */
    private final List<Target> permanent = new ArrayList<>();

    /** The targets being dialled now (a target is in it from its dial until the result). */
    private final Set<Target> dialing = new LinkedHashSet<>();

    private final Map<FeedId, List<Target>> byKnownId = new HashMap<>();
    /** The latest announced target of each author. */
    private final Map<FeedId, Target> announced = new HashMap<>();
    /**
     * When the discovered targets are next looked at: at once after anything that may make one
     * eligible (links, targets, dial results, followed feeds changed), else when a backed-off one
     * may be dialled again; never while the {@code discoveredPeers} quota is full and nothing changed.
     */
    private long discoveredDueAt;
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
        makePermanent(target(address));
    }

    private void makePermanent(Target t) {
        if (!t.permanent) {
            t.permanent = true;
            permanent.add(t);
        }
    }

    /** An address learnt from the swarm; dialled only to keep {@code discoveredPeers} links. */
    void addDiscovered(String address) {
        if (address == null || address.isBlank() || ownAddresses.contains(address)) {
            return;
        }
        if (!targets.containsKey(address) && targets.size() < MAX_DISCOVERED) {
            target(address);
            discoveredDueAt = 0;
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
            discoveredDueAt = 0;
        }
    }

    /**
     * A relay says it reaches {@code author}, which announced no address that works: the tunnel
     * address ({@code relay:@id}) becomes the author's target for coverage, and is tried at once.
     */
    void addRelayed(FeedId author) {
        String address = RELAY_PREFIX + author;
        Target t = target(address);
        Target current = announced.get(author);
        if (current == null || (current != t && current.failures > 0)) {
            if (current != null) {
                current.announcedBy = null;
            }
            t.announcedBy = author;
            announced.put(author, t);
        }
        t.nextAttempt = 0;
        t.backoff = minBackoff;
        coverageDueAt = 0;
    }

    static boolean isTunnel(String address) {
        return address.startsWith(RELAY_PREFIX);
    }

    /** Links opened or closed, or the followed feeds changed: look at coverage at the next tick. */
    void linksChanged() {
        coverageDueAt = 0;
        discoveredDueAt = 0;
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
        makePermanent(t);
        return dial(t, now);
    }

    /**
     * Dials every due target. {@code linked} are the ids with a live session; {@code coverage} tells
     * which followed feeds lack a route here and which followed authors to dial for them.
     */
    void tick(long now, Set<FeedId> linked, FeedId self, Coverage coverage) {
        for (Target t : permanent) {
            if (due(t, now, linked, self)) {
                dial(t, now);
            }
        }
        if (now < discoveredDueAt && now < coverageDueAt) {
            return; // the usual tick, in a swarm whose links have settled
        }
        // The non-permanent targets that are linked or being dialled: discovered ones count against
        // their quota, followed authors' against FOLLOWED_PEERS.
        Set<Target> busy = new LinkedHashSet<>(dialing);
        for (FeedId id : linked) {
            busy.addAll(byKnownId.getOrDefault(id, List.of()));
        }
        int discoveredLinked = 0;
        List<FeedId> followedBusy = new ArrayList<>();
        for (Target t : busy) {
            if (t.permanent) {
                continue;
            }
            if (isFollowed(t, coverage)) {
                followedBusy.add(t.announcedBy);
            } else if (t.knownId != null && linked.contains(t.knownId)) {
                discoveredLinked++;
            }
        }
        if (now >= discoveredDueAt) {
            dialDiscovered(now, linked, self, coverage, discoveredLinked);
        }
        if (now >= coverageDueAt) {
            cover(now, linked, self, coverage, followedBusy);
        }
    }

    private boolean due(Target t, long now, Set<FeedId> linked, FeedId self) {
        return !dialing.contains(t)
                && now >= t.nextAttempt
                && !self.equals(t.knownId)
                && !(t.knownId != null && linked.contains(t.knownId));
    }

    /** Dials discovered targets, in the order they were learnt, until {@code discoveredPeers} are linked. */
    private void dialDiscovered(long now, Set<FeedId> linked, FeedId self, Coverage coverage, int discoveredLinked) {
        discoveredDueAt = Long.MAX_VALUE;
        if (discoveredLinked >= discoveredPeers) {
            return;
        }
        for (Target t : targets.values()) {
            if (t.permanent || dialing.contains(t) || isFollowed(t, coverage) || isTunnel(t.address)) {
                continue;
            }
            if (now < t.nextAttempt) {
                discoveredDueAt = Math.min(discoveredDueAt, t.nextAttempt);
            } else if (due(t, now, linked, self)) {
                dial(t, now);
                if (++discoveredLinked >= discoveredPeers) {
                    return;
                }
            }
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
            if (dialing.contains(t) || !coverage.followed(author) || author.equals(self) || linked.contains(author)) {
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
        for (Target t : byKnownId.getOrDefault(id, List.of())) {
            t.nextAttempt = now + t.backoff;
        }
        discoveredDueAt = 0;
    }

    private CompletableFuture<PeerLink> dial(Target t, long now) {
        dialing.add(t);
        CompletableFuture<PeerLink> result = new CompletableFuture<>();
        transport
                .connect(t.address)
                .whenComplete((link, error) -> actor.execute(() -> {
                    dialing.remove(t);
                    coverageDueAt = 0;
                    discoveredDueAt = 0;
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
                        know(t, link.remoteId());
                        t.failures = 0;
                        t.backoff = minBackoff;
                        result.complete(link);
                    }
                }));
        return result;
    }

    private void know(Target t, FeedId id) {
        if (id.equals(t.knownId)) {
            return;
        }
        if (t.knownId != null) {
            List<Target> old = byKnownId.get(t.knownId);
            old.remove(t);
            if (old.isEmpty()) {
                byKnownId.remove(t.knownId);
            }
        }
        t.knownId = id;
        byKnownId.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c != c.getCause()) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
