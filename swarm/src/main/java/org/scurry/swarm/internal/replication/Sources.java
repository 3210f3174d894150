package org.scurry.swarm.internal.replication;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source per feed (DESIGN.md §5): for each replicated feed, the linked peer asked to stream it.
 * The others only send notes. A feed gets a source only once some peer advertises more than we
 * hold. A source is replaced when its link closes, when it has delivered nothing and holds nothing
 * we lack while another peer has more, or when it stays silent past the timeout while another peer
 * advertises newer entries. Used from the replication thread only; changed receive
 * flags are queued on the sessions' notes and reported through {@code markDirty}.
 */
final class Sources {
    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);

    private final WantedFeeds wanted;
    private final Store store;
    private final Collection<PeerSession> sessions;
    private final long timeoutMillis;
    private final Consumer<PeerSession> markDirty;
    private final LongSupplier clock;
    private final Map<FeedId, PeerSession> byFeed = new HashMap<>();
    private final Map<FeedId, Long> lastProgress = new HashMap<>();
    /**
     * Feeds some session may hold more of than we do: every feed whose remote seq was raised since
     * it was last found not ahead. Only these can need a fail-over, so {@link #failOverStalled}
     * looks at them alone instead of every replicated feed against every session each second.
     */
    private final java.util.Set<FeedId> mayBeAhead = new java.util.HashSet<>();
    /**
     * True for a feed whose gap is being fetched in ranges from several peers (asked before a source
     * is chosen; it may start such a fetch): such a feed has no source until the fetch is done.
     */
    private java.util.function.Predicate<FeedId> inRanges = f -> false;

    Sources(
            WantedFeeds wanted,
            Store store,
            Collection<PeerSession> sessions,
            long timeoutMillis,
            Consumer<PeerSession> markDirty,
            LongSupplier clock) {
        this.wanted = wanted;
        this.store = store;
        this.sessions = sessions;
        this.timeoutMillis = timeoutMillis;
        this.markDirty = markDirty;
        this.clock = clock;
    }

    /** Sets the test for feeds fetched in ranges (see {@link #inRanges}). */
    void fetchInRangesWhen(java.util.function.Predicate<FeedId> test) {
        inRanges = test;
    }

    /** The session streaming {@code f} to us, or null. */
    PeerSession of(FeedId f) {
        return byFeed.get(f);
    }

    /** A session's remote seq of {@code f} was set or raised (a note, a clock, an entry it sent). */
    void noted(FeedId f) {
        mayBeAhead.add(f);
    }

    /** New entries of {@code f} arrived: its source is alive. */
    void progressed(FeedId f, long now) {
        lastProgress.put(f, now);
    }

    /** The feed is no longer replicated. */
    void forget(FeedId f) {
        PeerSession src = byFeed.remove(f);
        if (src != null) {
            src.forgetSource(f);
        }
    }

    /** The session's link closed: its feeds go to the best remaining peers at once. */
    void release(PeerSession s) {
        java.util.List<FeedId> orphaned = new java.util.ArrayList<>();
        for (FeedId f : s.sourceFeeds()) {
            if (byFeed.get(f) == s) {
                byFeed.remove(f);
                orphaned.add(f);
            }
        }
        select(orphaned);
    }

    /**
     * {@code s} has just told us (Hello, Clock) what it holds of these feeds. Only a feed that has no
     * source, or that {@code s} holds more of than we do, can change its source: only those are
     * looked at. (Looking at every feed against every session made each new link cost feeds ×
     * sessions, so a node with many links spent time quadratic in its links: the simulator showed
     * it at 10,000 nodes.)
     */
    void offered(PeerSession s, Collection<FeedId> feeds) {
        java.util.List<FeedId> changed = new java.util.ArrayList<>();
        for (FeedId f : feeds) {
            Long seq = s.remoteSeq(f);
            if (seq != null && (byFeed.get(f) == null || seq > store.latestSeq(f))) {
                changed.add(f);
            }
        }
        select(changed);
    }

    /**
     * Gives each of these feeds a source if it has none and some peer holds more than we do,
     * choosing the peer that holds the most.
     */
    void select(Collection<FeedId> feeds) {
        mayBeAhead.addAll(feeds);
        for (FeedId f : feeds) {
            if (wanted.isLocal(f) || !wanted.contains(f)) {
                continue;
            }
            if (inRanges.test(f)) {
                pause(f);
                continue;
            }
            PeerSession current = byFeed.get(f);
            long local = store.latestSeq(f);
            PeerSession best = holderAhead(f, current, local);
            if (best == null || best == current) {
                continue;
            }
            boolean idle = current != null && !current.hasDelivered(f) && current.remoteSeq(f, 0L) <= local;
            if (current == null || idle) {
                // No source yet, or the current one has sent nothing and has nothing we lack while
                // another peer does. A source that is streaming is only replaced after a timeout.
                assignSource(f, best);
            }
        }
    }

    /** Fails over feeds whose source stays silent while another peer advertises more. */
    void failOverStalled(long now) {
        for (java.util.Iterator<FeedId> it = mayBeAhead.iterator(); it.hasNext(); ) {
            FeedId f = it.next();
            if (!wanted.contains(f) || wanted.isLocal(f)) {
                it.remove(); // select() puts it back if it becomes wanted
                continue;
            }
            if (inRanges.test(f)) {
                continue;
            }
            long local = store.latestSeq(f);
            if (!anyAhead(f, local)) {
                it.remove();
                continue;
            }
            PeerSession current = byFeed.get(f);
            PeerSession best = holderAhead(f, current, local);
            if (best == null) {
                continue;
            }
            if (current == null) {
                assignSource(f, best);
            } else if (best != current && now - lastProgress.getOrDefault(f, 0L) > timeoutMillis) {
                LOG.info(
                        "feed {}: source {} silent for {} ms while {} has seq {}; switching",
                        f.shortText(),
                        current.remoteId().shortText(),
                        now - lastProgress.getOrDefault(f, 0L),
                        best.remoteId().shortText(),
                        best.remoteSeq(f));
                assignSource(f, best);
            }
        }
    }

    /** True when some session (eligible as a source or not) advertises more of {@code f} than {@code local}. */
    private boolean anyAhead(FeedId f, long local) {
        for (PeerSession s : sessions) {
            if (s.remoteSeq(f, -1L) > local) {
                return true;
            }
        }
        return false;
    }

    /**
     * The best holder of {@code f} (see {@link #bestHolder}) when it advertises more than {@code
     * local}, else null. Nobody holding more means no source yet: choosing a level peer as a guess
     * made duplicates, because by the time our receive flag reached it, it could hold (and stream)
     * entries that the feed's author, whose newer note came a moment later and won the feed,
     * streamed again. The first newer note chooses the source instead.
     */
    private PeerSession holderAhead(FeedId f, PeerSession current, long local) {
        PeerSession best = bestHolder(f, current);
        return best != null && best.remoteSeq(f) > local ? best : null;
    }

    /**
     * The session advertising the highest seq of {@code f}; ties go to {@code preferred}, else to
     * the feed's author itself, else to the oldest session.
     */
    private PeerSession bestHolder(FeedId f, PeerSession preferred) {
        PeerSession best = null;
        long bestSeq = -1;
        for (PeerSession s : sessions) {
            Long seq = s.remoteSeq(f);
            if (!s.helloReceived() || seq == null) {
                continue;
            }
            if (s.remoteLow(f) > store.latestSeq(f) + 1) {
                continue; // it pruned entries we still lack: it cannot stream from our head
            }
            boolean tieWinner =
                    s == preferred || (preferred == null && s.remoteId().equals(f));
            if (seq > bestSeq || (seq == bestSeq && tieWinner)) {
                best = s;
                bestSeq = seq;
            }
        }
        return best;
    }

    /** Stops streaming {@code f} from its source, if it has one (the feed is fetched in ranges). */
    private void pause(FeedId f) {
        PeerSession old = byFeed.remove(f);
        if (old != null) {
            old.replacedAsSource(f);
            markDirty.accept(old);
        }
    }

    private void assignSource(FeedId f, PeerSession to) {
        PeerSession old = byFeed.put(f, to);
        if (old == to) {
            return;
        }
        if (old != null) {
            old.replacedAsSource(f);
            markDirty.accept(old);
        }
        LOG.debug(
                "feed {}: source {} (was {})",
                f.shortText(),
                to.remoteId().shortText(),
                old == null ? "none" : old.remoteId().shortText());
        to.chosenAsSource(f);
        markDirty.accept(to);
        lastProgress.put(f, clock.getAsLong());
    }
}
