package org.scurry.swarm.internal.replication;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.history.CustodyReceipt;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.Hello;
import org.scurry.swarm.wire.Message.Note;

/**
 * One link's replication state, both directions, and what changes it: the other classes of
 * replication and history call these methods, never touch the fields. Only the replication thread
 * touches it.
 *
 * <p>Their side: {@link #remoteSeq} is what the peer told us it holds of each feed it replicates
 * (its interest); {@link #remoteReceives} are the feeds it asked us to stream, with {@link #cursor}
 * the last seq sent and {@link #pending} the feeds with entries still to send. Our side: {@link
 * #sentSeq} is what we told it, {@link #dueNotes} what we still have to tell it; {@link #weReceive}
 * are the feeds for which it is our chosen source ({@link Sources}).
 *
 * <p>Why it is long: every change to a link's state is a method here (some fifty, most of one or
 * two lines), so that no other class writes its maps and each rule about them is in one place.
 */
public final class PeerSession {
    private final PeerLink link;
    private final long openedAt;
    private String listenAddress = "";
    private boolean helloReceived;
    /** True once the peer's first clock arrived: its notes then tell which feeds it replicates. */
    private boolean clockReceived;
    /** From its Hello (1 until then, and for a version-1 peer). */
    private int remoteVersion = 1;

    private long remoteCapabilities;

    private final Map<FeedId, Long> remoteSeq = new HashMap<>();
    private final Set<FeedId> remoteReceives = new HashSet<>();
    private final Map<FeedId, Long> cursor = new HashMap<>();
    /** Feeds with entries still to send, round-robin order. */
    private final LinkedHashSet<FeedId> pending = new LinkedHashSet<>();

    private final Map<FeedId, Long> sentSeq = new HashMap<>();
    private Map<FeedId, Long> rememberedSent = Map.of();
    private final Set<FeedId> weReceive = new HashSet<>();
    /** Feeds of {@link #weReceive} for which it has delivered entries since it was chosen. */
    private final Set<FeedId> delivered = new HashSet<>();

    /** Feeds whose note it is still to be sent, in the order they became due. */
    private final LinkedHashSet<FeedId> dueNotes = new LinkedHashSet<>();

    /** Oldest seq the peer holds of feeds it pruned (its {@code Ranges}); absent means 1. */
    private final Map<FeedId, Long> remoteLow = new HashMap<>();
    /** Highest custody-receipt seq per feed and server already told to (or heard from) this peer. */
    private final Map<FeedId, Map<FeedId, Long>> receiptsKnown = new HashMap<>();

    /** The peer's range and chunk requests not yet answered, oldest first (see InboundBudget). */
    private final ArrayDeque<Message> requests = new ArrayDeque<>();
    /** Messages of types our protocol version does not know, and the types logged so far. */
    private long unknownMessages;

    private final Set<Integer> unknownTypesLogged = new HashSet<>();

    private boolean pumpScheduled;
    private long entriesReceived;
    private long entriesSent;
    private long duplicatesReceived;

    PeerSession(PeerLink link, long now) {
        this.link = link;
        this.openedAt = now;
    }

    // ---- the link and its Hello ------------------------------------------------------------------

    public PeerLink link() {
        return link;
    }

    public FeedId remoteId() {
        return link.remoteId();
    }

    /** What the store remembers of the previous session with this peer (read when the link opens). */
    void remember(Map<FeedId, Long> received, Map<FeedId, Long> sent) {
        remoteSeq.putAll(received);
        rememberedSent = sent;
    }

    /** Saves what both sides told each other, for the digest of the next session's Hello. */
    void saveClocks(Store store) {
        store.savePeerClock(remoteId(), "sent", sentSeq);
        store.savePeerClock(remoteId(), "received", remoteSeq);
    }

    /**
     * The peer's Hello. When its digest of what it received from us matches what we remember
     * sending, both remember the same clock and only changed notes need to be sent.
     */
    void greeted(Hello h) {
        listenAddress = h.listenAddress();
        remoteVersion = h.version();
        remoteCapabilities = h.capabilities();
        boolean diffOnly = h.clockDigest() != 0 && h.clockDigest() == ClockDigest.of(rememberedSent);
        if (diffOnly) {
            sentSeq.putAll(rememberedSent);
        }
        helloReceived = true;
    }

    /** True once the peer's Hello arrived: it may be sent anything from then on. */
    public boolean helloReceived() {
        return helloReceived;
    }

    /** The address it listens on, from its Hello; blank until then or when it does not listen. */
    String listenAddress() {
        return listenAddress;
    }

    int remoteVersion() {
        return remoteVersion;
    }

    /** Records the first clock; true the first time (its notes now say which feeds it replicates). */
    boolean firstClock() {
        if (clockReceived) {
            return false;
        }
        clockReceived = true;
        return true;
    }

    /** True once its first clock arrived. */
    boolean clockReceived() {
        return clockReceived;
    }

    // ---- their side: what the peer holds and wants streamed --------------------------------------

    /** The feeds the peer replicates (it sent a note for them), as a live view. */
    public Set<FeedId> remoteFeeds() {
        return Collections.unmodifiableSet(remoteSeq.keySet());
    }

    /** The seq the peer holds of {@code feed}, or null when it does not replicate it. */
    public Long remoteSeq(FeedId feed) {
        return remoteSeq.get(feed);
    }

    /** The seq the peer holds of {@code feed}, or {@code orElse}. */
    public long remoteSeq(FeedId feed, long orElse) {
        return remoteSeq.getOrDefault(feed, orElse);
    }

    /** True when the peer replicates the feed (it sent a note for it). */
    public boolean interestedIn(FeedId feed) {
        return remoteSeq.containsKey(feed);
    }

    /** Its note: it holds {@code feed} up to {@code seq}. */
    void noted(FeedId feed, long seq) {
        remoteSeq.put(feed, seq);
    }

    /** It sent entries of {@code feed} up to {@code seq}, so it holds at least that. */
    void holds(FeedId feed, long seq) {
        remoteSeq.merge(feed, seq, Math::max);
    }

    /** Its note with seq -1: it no longer replicates {@code feed}. */
    void dropped(FeedId feed) {
        remoteSeq.remove(feed);
        stopStreaming(feed);
    }

    /** The oldest seq the peer holds of {@code feed} (1 unless it told us it pruned). */
    public long remoteLow(FeedId feed) {
        return remoteLow.getOrDefault(feed, 1L);
    }

    public void setRemoteLow(FeedId feed, long low) {
        remoteLow.put(feed, low);
    }

    /** It asked us to stream {@code feed} after {@code seq}; {@code behind} when we hold more. */
    void streamFrom(FeedId feed, long seq, boolean behind) {
        remoteReceives.add(feed);
        cursor.put(feed, seq);
        if (behind) {
            pending.add(feed);
        }
    }

    /** It no longer wants {@code feed} streamed. */
    void stopStreaming(FeedId feed) {
        remoteReceives.remove(feed);
        cursor.remove(feed);
        pending.remove(feed);
    }

    /** True when it asked us to stream {@code feed}. */
    boolean streamedTo(FeedId feed) {
        return remoteReceives.contains(feed);
    }

    // ---- sending it entries (EntryPump) ----------------------------------------------------------

    /** {@code feed} has entries it lacks: sent by the pump, after the feeds already waiting. */
    void sendLater(FeedId feed) {
        pending.add(feed);
    }

    /** A range or chunk request, answered by the pump in order while the link is writable. */
    void queueRequest(Message request) {
        requests.add(request);
    }

    boolean hasRequests() {
        return !requests.isEmpty();
    }

    /** The oldest request not yet answered, removed from the queue. */
    Message nextRequest() {
        return requests.poll();
    }

    boolean hasPendingFeeds() {
        return !pending.isEmpty();
    }

    /** The feed whose turn it is to send, removed from the queue ({@link #sendLater} puts it back). */
    FeedId nextPendingFeed() {
        FeedId f = pending.iterator().next();
        pending.remove(f);
        return f;
    }

    /** The last seq of {@code feed} sent to it (or that it said it holds), 0 when none. */
    long streamedUpTo(FeedId feed) {
        return cursor.getOrDefault(feed, 0L);
    }

    /** A batch of {@code count} entries of {@code feed} ending at {@code last} was sent. */
    void streamed(FeedId feed, long last, int count) {
        entriesSent += count;
        cursor.put(feed, last);
    }

    /** True when a pump turn is to be scheduled now: there is work and none is scheduled yet. */
    boolean claimPump() {
        if (pumpScheduled || (pending.isEmpty() && requests.isEmpty())) {
            return false;
        }
        pumpScheduled = true;
        return true;
    }

    /** The scheduled pump turn started. */
    void pumpStarted() {
        pumpScheduled = false;
    }

    boolean hasWork() {
        return !pending.isEmpty() || !requests.isEmpty();
    }

    // ---- our side: notes we tell it, feeds it is our source for ----------------------------------

    /** We told it we hold {@code feed} (a note), so a note saying we no longer want it is due. */
    boolean told(FeedId feed) {
        return sentSeq.containsKey(feed);
    }

    /** The seq of {@code feed} we last told it we hold, or null. */
    Long toldSeq(FeedId feed) {
        return sentSeq.get(feed);
    }

    /** The seq of {@code feed} we last told it we hold, or {@code orElse}. */
    long toldSeq(FeedId feed, long orElse) {
        return sentSeq.getOrDefault(feed, orElse);
    }

    /** The feeds we told it about, as a live view. */
    Set<FeedId> toldFeeds() {
        return Collections.unmodifiableSet(sentSeq.keySet());
    }

    /** Our note for {@code feed} is due: sent with the next clock to it. */
    void noteDue(FeedId feed) {
        dueNotes.add(feed);
    }

    void notesDue(Collection<FeedId> feeds) {
        dueNotes.addAll(feeds);
    }

    /**
     * The due notes, now taken (null when none is due or it cannot be sent one yet): each says the
     * seq we hold ({@code heldSeq}, -1 for a feed we no longer replicate) and whether it is to
     * stream the feed to us.
     */
    List<Note> takeDueNotes(ToLongFunction<FeedId> heldSeq) {
        if (!helloReceived || dueNotes.isEmpty() || !link.isOpen()) {
            return null;
        }
        List<Note> notes = new ArrayList<>(dueNotes.size());
        for (FeedId f : dueNotes) {
            long seq = heldSeq.applyAsLong(f);
            notes.add(new Note(f, seq, seq >= 0 && weReceive.contains(f)));
            if (seq >= 0) {
                sentSeq.put(f, seq);
            } else {
                sentSeq.remove(f);
            }
        }
        dueNotes.clear();
        return notes;
    }

    /** It became our source for {@code feed}: our next note asks it to stream. */
    void chosenAsSource(FeedId feed) {
        weReceive.add(feed);
        delivered.remove(feed);
        dueNotes.add(feed);
    }

    /** It is no longer our source for {@code feed}: our next note says so. */
    void replacedAsSource(FeedId feed) {
        weReceive.remove(feed);
        dueNotes.add(feed);
    }

    /** {@code feed} is no longer replicated here, so it is no longer our source for it. */
    void forgetSource(FeedId feed) {
        weReceive.remove(feed);
    }

    /** The feeds it is our source for, as a live view. */
    Set<FeedId> sourceFeeds() {
        return Collections.unmodifiableSet(weReceive);
    }

    /** It delivered entries of {@code feed} since it was chosen as its source. */
    void delivering(FeedId feed) {
        delivered.add(feed);
    }

    boolean hasDelivered(FeedId feed) {
        return delivered.contains(feed);
    }

    // ---- history: custody receipts ---------------------------------------------------------------

    /** True when the peer was told (or told us) this receipt or a newer one of the same server. */
    public boolean knows(CustodyReceipt r) {
        return r.seq() <= receiptsKnown.getOrDefault(r.feed(), Map.of()).getOrDefault(r.server(), 0L);
    }

    public void learnt(CustodyReceipt r) {
        receiptsKnown.computeIfAbsent(r.feed(), f -> new HashMap<>()).merge(r.server(), r.seq(), Math::max);
    }

    // ---- counters --------------------------------------------------------------------------------

    public void countReceived(int entries) {
        entriesReceived += entries;
    }

    public void countSent(int entries) {
        entriesSent += entries;
    }

    void countDuplicates(long entries) {
        duplicatesReceived += entries;
    }

    /**
     * A message of a type our protocol version does not know: counted; true when its type is to be
     * logged (the first time, for at most {@code typesLogged} types).
     */
    boolean unknownMessage(int type, int typesLogged) {
        unknownMessages++;
        return unknownTypesLogged.size() < typesLogged && unknownTypesLogged.add(type);
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
                unknownMessages,
                link.relay());
    }
}
