package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.protect.RequestHintStatus;
import org.scurry.swarm.protect.RequestHintStatus.Refusal;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message.Hint;
import org.scurry.swarm.wire.Message.Hints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries follow requests to owners on other nodes (docs/protected.md, "How a request reaches its
 * owner"). Sends the hints of local requesters to every linked peer (when a link opens, when a
 * local request is made, and every {@link #PERIOD_MILLIS}); on a hint received, the node hosting
 * the owner fetches the requester's feed for a while, and a node replicating the owner fetches it
 * too (so it can pass it on) and passes the hint to its peers that replicate the owner.
 *
 * <p>What a stranger's hints can cost is bounded: at most {@link #MAX_CARRIED} hinted feeds are
 * fetched at once, at most {@link #MAX_PER_PEER} of them first hinted by one peer; a feed not
 * held up to the seq its hint claimed and not progressing for {@link #FETCH_GRACE_MILLIS} is
 * dropped, one that turns out not to follow the owner (or, at the owner, to hold no pending
 * request) as soon as it is held that far, and such a hint is refused for {@link #TTL_MILLIS}; every other one is dropped {@link #TTL_MILLIS} after the last
 * hint renewed it. A hint is passed on at most once per {@link #PERIOD_MILLIS}, so a flood of
 * repeats is not amplified. Not thread-safe: used from the replication thread.
 *
 * <p>Why it is long: it is the hint protocol together with the bounds that keep a stranger's hints
 * cheap (quotas per peer and in all, a grace time, a ttl, remembered rejections), each bound next
 * to the step it guards.
 */
final class RequestHints {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHints.class);
    static final int MAX_PER_MESSAGE = RequestRouting.MAX_HINTS;
    static final int MAX_CARRIED = 128;
    static final int MAX_PER_PEER = 16;
    static final int MAX_REJECTED = 1024;
    /** The ttl of a hint as its requester's node sends it: it may cross two relays. */
    static final int FIRST_TTL = 2;

    static final long PERIOD_MILLIS = 60_000;
    static final long TTL_MILLIS = 10 * 60_000;
    static final long FETCH_GRACE_MILLIS = 60_000;
    private static final long SWEEP_MILLIS = 1_000;

    private record Pair(FeedId requester, FeedId owner) {}

    private static final class Carried {
        final Pair pair;
        final FeedId from;
        final boolean forOwner;
        /** The requester's head as the hints claimed it: judged once held up to there. */
        long claimed;

        long held;
        long progressAt;
        long renewed;
        long forwarded = Long.MIN_VALUE;
        boolean checked;
        long lastCheck;

        Carried(Pair pair, FeedId from, boolean forOwner, long claimed, long now) {
            this.pair = pair;
            this.from = from;
            this.forOwner = forOwner;
            this.claimed = claimed;
            this.progressAt = now;
            this.renewed = now;
        }
    }

    private final Store store;
    private final WantedFeeds wanted;
    private final Collection<PeerSession> sessions;
    private RequestRouting routing = RequestRouting.NONE;

    private final Map<Pair, Carried> carried = new LinkedHashMap<>();
    /** Hints found false or unavailable, until when they are refused. Bounded, oldest dropped. */
    private final LinkedHashMap<Pair, Long> rejected = new LinkedHashMap<>();
    /** Hints passed on without fetching (the feed was wanted anyway): when, to send them once a period. */
    private final LinkedHashMap<Pair, Long> passedOn = new LinkedHashMap<>();

    private final EnumMap<Refusal, Long> refused = new EnumMap<>(Refusal.class);
    private final Map<FeedId, Long> lastLogged = new HashMap<>();
    private long nextOutgoing;
    private long nextSweep;

    RequestHints(Store store, WantedFeeds wanted, Collection<PeerSession> sessions) {
        this.store = store;
        this.wanted = wanted;
        this.sessions = sessions;
    }

    void routing(RequestRouting r) {
        routing = r;
        nextOutgoing = 0;
    }

    /** The requesters whose feeds are fetched because of hints (part of the wanted set). */
    Set<FeedId> carriedFeeds() {
        Set<FeedId> feeds = new HashSet<>();
        for (Pair p : carried.keySet()) {
            feeds.add(p.requester());
        }
        return feeds;
    }

    RequestHintStatus status() {
        Map<FeedId, Set<FeedId>> byRequester = new TreeMap<>();
        for (Pair p : carried.keySet()) {
            byRequester.computeIfAbsent(p.requester(), r -> new HashSet<>()).add(p.owner());
        }
        Map<FeedId, Set<FeedId>> frozen = new LinkedHashMap<>();
        byRequester.forEach((r, owners) -> frozen.put(r, Set.copyOf(owners)));
        return new RequestHintStatus(Map.copyOf(frozen), Map.copyOf(refused));
    }

    // ---- sending ---------------------------------------------------------------------------------

    /** A local request was made: list the asks again, and send them at the next tick. */
    void localRequestMade() {
        routing.localRequestMade();
        nextOutgoing = 0;
    }

    /** The asks changed: send them at the next tick. */
    void outgoingDue() {
        nextOutgoing = 0;
    }

    /** A new link said Hello: tell it the current asks. */
    void helloed(PeerSession s) {
        Hints out = outgoing();
        if (!out.hints().isEmpty()) {
            s.link().send(out);
        }
    }

    private Hints outgoing() {
        List<Hint> hints = new ArrayList<>();
        for (RequestRouting.Ask a : routing.outgoing()) {
            if (hints.size() == MAX_PER_MESSAGE) {
                break;
            }
            if (!a.requester().equals(a.owner())) {
                long head = store.latestSeq(a.requester());
                if (head > 0) {
                    hints.add(new Hint(a.requester(), a.owner(), head, FIRST_TTL));
                }
            }
        }
        return new Hints(List.copyOf(hints));
    }

    /**
     * Periodic work: sends the local asks when due, drops expired, unavailable and false hints.
     * Returns true when the set of carried feeds changed (the wanted set must be recomputed).
     */
    boolean tick(long now) {
        if (now >= nextOutgoing) {
            nextOutgoing = now + PERIOD_MILLIS;
            Hints out = outgoing();
            if (!out.hints().isEmpty()) {
                for (PeerSession s : sessions) {
                    if (s.helloReceived()) {
                        s.link().send(out);
                    }
                }
            }
        }
        if (now < nextSweep) {
            return false;
        }
        nextSweep = now + SWEEP_MILLIS;
        passedOn.values().removeIf(at -> now - at > TTL_MILLIS);
        rejected.values().removeIf(until -> until <= now);
        boolean changed = false;
        for (Iterator<Carried> it = carried.values().iterator(); it.hasNext(); ) {
            Carried c = it.next();
            if (now - c.renewed > TTL_MILLIS) {
                LOG.debug("hint {} expired", c.pair);
                it.remove();
                changed = true;
                continue;
            }
            Verdict verdict = check(c, now);
            if (verdict == Verdict.KEEP) {
                continue;
            }
            it.remove();
            changed = true;
            if (verdict == Verdict.SETTLED) {
                LOG.debug("hint {} settled: the request was answered", c.pair);
            } else {
                Refusal reason = verdict == Verdict.UNAVAILABLE ? Refusal.UNAVAILABLE : Refusal.NOT_ASKING;
                refuse(c.from, reason, c.pair.requester() + " for " + c.pair.owner(), now);
                reject(c.pair, now);
            }
        }
        return changed;
    }

    private enum Verdict {
        KEEP,
        /** At the owner, a checked request was answered: the feed is no longer needed. */
        SETTLED,
        UNAVAILABLE,
        NOT_ASKING
    }

    private Verdict check(Carried c, long now) {
        FeedId r = c.pair.requester();
        long held = store.latestSeq(r);
        if (held > c.held) {
            c.held = held;
            c.progressAt = now;
        }
        if (c.checked) {
            if (c.forOwner && now - c.lastCheck >= PERIOD_MILLIS) {
                c.lastCheck = now;
                return routing.pending(r, c.pair.owner()) ? Verdict.KEEP : Verdict.SETTLED;
            }
            return Verdict.KEEP;
        }
        if (held < c.claimed) {
            // Still fetching; a feed nobody offers, or not as far as claimed, stops holding a place.
            return now - c.progressAt > FETCH_GRACE_MILLIS ? Verdict.UNAVAILABLE : Verdict.KEEP;
        }
        boolean asking = c.forOwner
                ? routing.pending(r, c.pair.owner())
                : store.follows(r).contains(c.pair.owner());
        if (!asking) {
            return Verdict.NOT_ASKING;
        }
        c.checked = true;
        c.lastCheck = now;
        if (c.forOwner) {
            LOG.info(
                    "follow request from {} to {} arrived (hinted by peer {})",
                    r.shortText(),
                    c.pair.owner().shortText(),
                    c.from.shortText());
        }
        return Verdict.KEEP;
    }

    // ---- receiving -------------------------------------------------------------------------------

    /**
     * Hints from {@code from}: admits the useful ones, passes on those for owners elsewhere.
     * Returns true when the set of carried feeds changed.
     */
    boolean received(PeerSession from, Hints message, long now) {
        if (message.hints().size() > MAX_PER_MESSAGE) {
            refused.merge(Refusal.OVERSIZED, 1L, Long::sum);
            log(
                    from.remoteId(),
                    Refusal.OVERSIZED,
                    message.hints().size() + " hints in one message (at most " + MAX_PER_MESSAGE + ")",
                    now);
            return false;
        }
        boolean changed = false;
        Map<PeerSession, List<Hint>> forward = new LinkedHashMap<>();
        for (Hint h : message.hints()) {
            changed |= receive(from, h, now, forward);
        }
        forward.forEach((s, hints) -> s.link().send(new Hints(List.copyOf(hints))));
        return changed;
    }

    private boolean receive(PeerSession from, Hint h, long now, Map<PeerSession, List<Hint>> forward) {
        FeedId peer = from.remoteId();
        Pair pair = new Pair(h.requester(), h.owner());
        if (h.requester().equals(h.owner())) {
            refuse(peer, Refusal.MALFORMED, "requester " + h.requester() + " is its own owner", now);
            return false;
        }
        if (wanted.isLocal(h.requester())) {
            return false; // our own ask, come back
        }
        boolean ownerHere = wanted.isLocal(h.owner());
        List<PeerSession> next = List.of();
        if (ownerHere) {
            if (!routing.takesRequests(h.owner())) {
                refuse(peer, Refusal.OWNER_NOT_PROTECTED, "owner " + h.owner() + " is not protected", now);
                return false;
            }
        } else {
            next = h.ttl() == 0 ? List.of() : nextHops(from, h.owner());
            if (next.isEmpty()) {
                refused.merge(Refusal.NO_ROUTE, 1L, Long::sum); // not the peer's fault: not logged
                return false;
            }
        }
        Carried c = carried.get(pair);
        boolean changed = false;
        boolean due;
        if (c != null) {
            c.renewed = now;
            if (h.seq() > c.claimed && !c.checked) {
                c.claimed = h.seq();
            }
            due = now - c.forwarded >= PERIOD_MILLIS;
            if (due) {
                c.forwarded = now;
            }
        } else if (wanted.contains(h.requester())) {
            // Replicated anyway (followed, or hinted for another owner): nothing to fetch, only to pass on.
            Long at = passedOn.get(pair);
            due = at == null || now - at >= PERIOD_MILLIS;
            if (due) {
                passedOn.remove(pair);
                passedOn.put(pair, now);
                trim(passedOn);
            }
        } else {
            Refusal refusal = admissible(pair, peer, now);
            if (refusal != null) {
                refuse(peer, refusal, h.requester() + " for " + h.owner(), now);
                return false;
            }
            c = new Carried(pair, peer, ownerHere, h.seq(), now);
            c.forwarded = now;
            carried.put(pair, c);
            LOG.debug(
                    "fetching {} for {}: {} says it may hold a follow request{}",
                    h.requester().shortText(),
                    h.owner().shortText(),
                    peer.shortText(),
                    ownerHere ? "" : " (passing it on)");
            changed = true;
            due = true;
        }
        if (due) {
            Hint passed = new Hint(h.requester(), h.owner(), h.seq(), h.ttl() - 1);
            for (PeerSession s : next) {
                forward.computeIfAbsent(s, x -> new ArrayList<>()).add(passed);
            }
        }
        return changed;
    }

    private Refusal admissible(Pair pair, FeedId peer, long now) {
        Long until = rejected.get(pair);
        if (until != null && until > now) {
            return Refusal.REJECTED_RECENTLY;
        }
        int fromPeer = 0;
        for (Carried c : carried.values()) {
            if (c.from.equals(peer)) {
                fromPeer++;
            }
        }
        if (fromPeer >= MAX_PER_PEER) {
            return Refusal.PEER_QUOTA;
        }
        if (carried.size() >= MAX_CARRIED) {
            return Refusal.FULL;
        }
        return null;
    }

    /** Linked peers other than {@code from} that replicate {@code owner}: where a hint goes next. */
    private List<PeerSession> nextHops(PeerSession from, FeedId owner) {
        List<PeerSession> out = new ArrayList<>();
        for (PeerSession s : sessions) {
            if (s != from && s.helloReceived() && s.interestedIn(owner)) {
                out.add(s);
            }
        }
        return out;
    }

    private void reject(Pair pair, long now) {
        rejected.remove(pair);
        rejected.put(pair, now + TTL_MILLIS);
        trim(rejected);
    }

    /** Drops the oldest insertions beyond {@link #MAX_REJECTED}. */
    private static void trim(LinkedHashMap<Pair, Long> map) {
        Iterator<Pair> oldest = map.keySet().iterator();
        while (map.size() > MAX_REJECTED) {
            oldest.next();
            oldest.remove();
        }
    }

    private void refuse(FeedId peer, Refusal reason, String what, long now) {
        refused.merge(reason, 1L, Long::sum);
        log(peer, reason, what, now);
    }

    /** At most one line per peer per period: a flood must not flood the log too. */
    private void log(FeedId peer, Refusal reason, String what, long now) {
        Long last = lastLogged.get(peer);
        if (last != null && now - last < PERIOD_MILLIS) {
            return;
        }
        if (lastLogged.size() > MAX_REJECTED) {
            lastLogged.clear();
        }
        lastLogged.put(peer, now);
        LOG.info(
                "refused request hint from peer {}: {} ({}; further refusals of this peer are counted, "
                        + "not logged, for a minute)",
                peer.shortText(),
                reason,
                what);
    }
}
