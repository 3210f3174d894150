package org.scurry.swarm.internal.replication;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After entries were appended (a local post, a peer's batch, a fetched range): the listeners hear
 * of each, the kinds replication cares about take effect (follows of a feed whose follows matter
 * change the wanted set, another author's address goes to the address book, a local request is
 * hinted to peers), and each peer is told: pushed live when it asked us to stream the feed, a note
 * when it only replicates it. Replication thread, except {@link #addListener}.
 */
final class AppendFanout {
    private static final Logger LOG = LoggerFactory.getLogger(AppendFanout.class);

    private final FeedId self;
    private final WantedFeeds wanted;
    private final ReplicationActor actor;
    private final PeerSessions sessions;
    private final Sources sources;
    private final ClockExchange clocks;
    private final EntryPump pump;
    private final AddressBook addresses;
    private final RequestHints hints;
    /** Recomputes the wanted feeds. */
    private final Runnable wantedChanged;

    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    AppendFanout(
            FeedId self,
            WantedFeeds wanted,
            ReplicationActor actor,
            PeerSessions sessions,
            Sources sources,
            ClockExchange clocks,
            EntryPump pump,
            AddressBook addresses,
            RequestHints hints,
            Runnable wantedChanged) {
        this.self = self;
        this.wanted = wanted;
        this.actor = actor;
        this.sessions = sessions;
        this.sources = sources;
        this.clocks = clocks;
        this.pump = pump;
        this.addresses = addresses;
        this.hints = hints;
        this.wantedChanged = wantedChanged;
    }

    /** Registers a listener for appended entries; close the handle to remove it. Any thread. */
    AutoCloseable addListener(Consumer<Entry> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** After entries were appended (locally or from {@code from}): listeners, live push, notes. */
    void appended(List<Entry> entries, PeerSession from) {
        Set<FeedId> touched = new LinkedHashSet<>();
        boolean graphChanged = false;
        long now = actor.now();
        for (Entry e : entries) {
            FeedId f = e.author();
            touched.add(f);
            sources.progressed(f, now);
            String kind = e.kind();
            if ((Kind.FOLLOW.equals(kind) || Kind.UNFOLLOW.equals(kind)) && wanted.followsMatter(f)) {
                graphChanged = true;
            } else if (Kind.ADDRESS.equals(kind) && !f.equals(self)) {
                addresses.learn(e);
            } else if (Kind.REQUEST.equals(kind) && wanted.isLocal(f)) {
                hints.localRequestMade(); // tell peers at the next tick
            }
            for (Consumer<Entry> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("entry listener failed: {}", ex.toString());
                }
            }
        }
        for (PeerSession s : sessions.all()) {
            if (!s.helloReceived()) {
                continue;
            }
            for (FeedId f : touched) {
                if (s.streamedTo(f)) {
                    s.sendLater(f);
                } else if (s.interestedIn(f) && s != from && sources.of(f) != s) {
                    clocks.due(s, f);
                }
            }
            pump.schedule(s);
        }
        if (graphChanged) {
            wantedChanged.run();
        }
    }
}
