package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Health;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message.Clock;
import org.scurry.swarm.wire.Message.Note;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clocks both sides exchange (DESIGN.md §5): a note per feed with the latest seq held, and
 * whether the peer is to stream it to us. Their clocks tell us what each peer holds and which
 * feeds it wants streamed; ours are sent as notes fall due (a session collects its due notes, this
 * class collects the sessions with some) and are flushed after every replication step, one {@code
 * Clock} message per peer. Replication thread.
 */
final class ClockExchange {
    private static final Logger LOG = LoggerFactory.getLogger(ClockExchange.class);

    private final WantedFeeds wanted;
    private final Store store;
    private final PeerSessions sessions;
    private final Sources sources;
    private final AddressBook addresses;
    private final EntryPump pump;
    /** Sessions with due notes, in the order they got them. */
    private final Set<PeerSession> due = new LinkedHashSet<>();
    /** The store's health at the last tick: a change to ready means peers must be told again. */
    private Health storeHealth;

    ClockExchange(
            WantedFeeds wanted,
            Store store,
            PeerSessions sessions,
            Sources sources,
            AddressBook addresses,
            EntryPump pump) {
        this.wanted = wanted;
        this.store = store;
        this.sessions = sessions;
        this.sources = sources;
        this.addresses = addresses;
        this.pump = pump;
    }

    /** {@code s} has due notes: they go out at the next {@link #flush}. */
    void due(PeerSession s) {
        due.add(s);
    }

    /** Our note of {@code feed} is due to {@code s}. */
    void due(PeerSession s, FeedId feed) {
        s.noteDue(feed);
        due.add(s);
    }

    /** The session is gone. */
    void forget(PeerSession s) {
        due.remove(s);
    }

    /**
     * The peer said Hello (and {@link PeerSession#greeted} took in its digest): a note is due for
     * every wanted feed whose seq it was not told, and for every feed it was told of that we no
     * longer replicate.
     */
    void helloed(PeerSession s) {
        for (FeedId f : wanted.all()) {
            Long told = s.toldSeq(f);
            if (told == null || told != store.latestSeq(f)) {
                s.noteDue(f);
            }
        }
        for (FeedId f : s.toldFeeds()) {
            if (!wanted.contains(f)) {
                s.noteDue(f);
            }
        }
        due.add(s);
    }

    /**
     * The peer's clock: what it holds, which feeds it wants streamed (they are pumped to it from
     * its seq on), and the feeds it could now be our source for.
     */
    void received(PeerSession s, Clock c) {
        LOG.debug("clock from {}: {}", s.remoteId().shortText(), c.notes());
        if (s.firstClock()) {
            addresses.linksChanged(); // its notes now say which feeds it replicates
        }
        List<FeedId> candidates = new ArrayList<>();
        for (Note n : c.notes()) {
            FeedId f = n.feed();
            if (n.seq() < 0) {
                addresses.linksChanged();
                s.dropped(f);
                continue;
            }
            s.noted(f, n.seq());
            sources.noted(f);
            if (!n.receive() && wanted.contains(f) && sources.of(f) != s && store.latestSeq(f) > n.seq()) {
                // The peer is behind us on a feed it replicates: tell it we have more, so it can
                // choose us as its source.
                due(s, f);
            }
            if (n.receive()) {
                s.streamFrom(f, n.seq(), store.latestSeq(f) > n.seq());
            } else {
                s.stopStreaming(f);
            }
            if (wanted.contains(f)) {
                candidates.add(f);
            }
        }
        pump.schedule(s);
        sources.offered(s, candidates);
    }

    /** Sends every due note (after each replication step): one Clock per peer that has some. */
    void flush() {
        if (due.isEmpty()) {
            return;
        }
        for (PeerSession s : due) {
            List<Note> notes = s.takeDueNotes(f -> wanted.contains(f) ? store.latestSeq(f) : -1);
            if (notes == null) {
                continue;
            }
            LOG.debug("clock to {}: {}", s.remoteId().shortText(), notes);
            s.link().send(new Clock(notes));
        }
        due.clear();
    }

    /**
     * The wanted feeds changed: every peer gets a note for each added feed, and a note with seq -1
     * for each removed feed it was told of.
     */
    void wantedChanged(Set<FeedId> added, Set<FeedId> removed) {
        for (PeerSession s : sessions.all()) {
            for (FeedId f : added) {
                s.noteDue(f);
            }
            for (FeedId f : removed) {
                if (s.told(f)) {
                    s.noteDue(f);
                }
            }
            due.add(s);
        }
    }

    /**
     * When the store takes writes again after refusing them (docs/storage.md, "A full disk"), it
     * may hold less than peers were told: entries sent meanwhile were dropped, and a reopened file
     * lacks the deferred appends it had not written yet. Every peer is told our clock again for
     * every wanted feed, so that sources stream from what the store really holds. (Every tick.)
     */
    void checkStoreHealth() {
        Health h = store.health();
        if (storeHealth == null) {
            storeHealth = h;
            return;
        }
        if (h.equals(storeHealth)) {
            return;
        }
        storeHealth = h;
        if (!h.ready()) {
            return;
        }
        LOG.info("the store takes writes again: telling {} peers what it holds", sessions.size());
        for (PeerSession s : sessions.all()) {
            if (s.helloReceived()) {
                s.notesDue(wanted.all());
                due.add(s);
            }
        }
    }
}
