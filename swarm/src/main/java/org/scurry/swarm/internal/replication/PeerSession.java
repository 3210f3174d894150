package org.scurry.swarm.internal.replication;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.history.CustodyReceipt;
import org.scurry.swarm.spi.PeerLink;

/**
 * Replication state of one link, both directions. Only the replication thread touches it.
 *
 * <p>Their side: {@link #remoteSeq} is what the peer told us it holds of each feed it replicates
 * (its interest); {@link #remoteReceives} are the feeds it asked us to stream, with {@link #cursor}
 * the last seq sent. Our side: {@link #sentSeq} is what we told it; {@link #weReceive} are the
 * feeds for which it is our chosen source.
 */
public final class PeerSession {
    final PeerLink link;
    final long openedAt;
    String listenAddress = "";
    boolean helloReceived;
    /** True once the peer's first clock arrived: its notes then tell which feeds it replicates. */
    boolean clockReceived;

    final Map<FeedId, Long> remoteSeq = new HashMap<>();
    final Set<FeedId> remoteReceives = new HashSet<>();
    final Map<FeedId, Long> cursor = new HashMap<>();
    /** Feeds with entries still to send, round-robin order. */
    final LinkedHashSet<FeedId> pending = new LinkedHashSet<>();

    final Map<FeedId, Long> sentSeq = new HashMap<>();
    Map<FeedId, Long> rememberedSent = Map.of();
    final Set<FeedId> weReceive = new HashSet<>();
    /** Feeds of {@link #weReceive} for which it has delivered entries since it was chosen. */
    final Set<FeedId> delivered = new HashSet<>();

    final LinkedHashSet<FeedId> dirtyNotes = new LinkedHashSet<>();

    /** Oldest seq the peer holds of feeds it pruned (its {@code Ranges}); absent means 1. */
    final Map<FeedId, Long> remoteLow = new HashMap<>();
    /** Highest custody-receipt seq per feed and server already told to (or heard from) this peer. */
    private final Map<FeedId, Map<FeedId, Long>> receiptsKnown = new HashMap<>();

    /** The peer's range and chunk requests not yet answered, oldest first (see InboundBudget). */
    final java.util.ArrayDeque<org.scurry.swarm.wire.Message> requests = new java.util.ArrayDeque<>();
    /** From its Hello (1 until then, and for a version-1 peer). */
    int remoteVersion = 1;

    long remoteCapabilities;
    /** Messages of types our protocol version does not know, and the types logged so far. */
    long unknownMessages;

    final Set<Integer> unknownTypesLogged = new HashSet<>();

    boolean pumpScheduled;
    long entriesReceived;
    long entriesSent;
    long duplicatesReceived;

    PeerSession(PeerLink link, long now) {
        this.link = link;
        this.openedAt = now;
    }

    // What the history protocol (another package) reads and counts; replication uses the fields.

    public PeerLink link() {
        return link;
    }

    public FeedId remoteId() {
        return link.remoteId();
    }

    /** True once the peer's Hello arrived: it may be sent anything from then on. */
    public boolean helloReceived() {
        return helloReceived;
    }

    /** The feeds the peer replicates (it sent a note for them), as a live view. */
    public Set<FeedId> remoteFeeds() {
        return java.util.Collections.unmodifiableSet(remoteSeq.keySet());
    }

    /** The seq the peer holds of {@code feed}, or null when it does not replicate it. */
    public Long remoteSeq(FeedId feed) {
        return remoteSeq.get(feed);
    }

    /** The seq the peer holds of {@code feed}, or {@code orElse}. */
    public long remoteSeq(FeedId feed, long orElse) {
        return remoteSeq.getOrDefault(feed, orElse);
    }

    /** The oldest seq the peer holds of {@code feed} (1 unless it told us it pruned). */
    public long remoteLow(FeedId feed) {
        return remoteLow.getOrDefault(feed, 1L);
    }

    public void setRemoteLow(FeedId feed, long low) {
        remoteLow.put(feed, low);
    }

    public void countReceived(int entries) {
        entriesReceived += entries;
    }

    public void countSent(int entries) {
        entriesSent += entries;
    }

    /** True when the peer was told (or told us) this receipt or a newer one of the same server. */
    public boolean knows(CustodyReceipt r) {
        return r.seq() <= receiptsKnown.getOrDefault(r.feed(), Map.of()).getOrDefault(r.server(), 0L);
    }

    public void learnt(CustodyReceipt r) {
        receiptsKnown.computeIfAbsent(r.feed(), f -> new HashMap<>()).merge(r.server(), r.seq(), Math::max);
    }

    /** True when the peer replicates the feed (it sent a note for it). */
    public boolean interestedIn(FeedId feed) {
        return remoteSeq.containsKey(feed);
    }

    PeerInfo info() {
        return new PeerInfo(
                link.remoteId(),
                link.remoteAddress(),
                link.outbound(),
                openedAt,
                entriesReceived,
                entriesSent,
                duplicatesReceived,
                remoteVersion,
                unknownMessages);
    }
}
