package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.Map;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.internal.history.HistoryProtocol;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.Hello;
import org.scurry.swarm.wire.MessageCodec;
import org.scurry.swarm.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's life: a link opens (a banned peer is turned away, one link per pair is kept, the
 * previous session's clocks are recalled, Hello and Limits are sent) and closes (the clocks are
 * saved, its feeds go to other sources, the dialer may redial). Replication thread.
 */
final class SessionLife {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLife.class);

    private final NodeConfig config;
    private final FeedId self;
    private final Store store;
    private final ReplicationActor actor;
    private final PeerSessions sessions;
    private final PeerScores scores;
    private final Sources sources;
    private final ClockExchange clocks;
    private final AddressBook addresses;
    private final HistoryProtocol history;

    SessionLife(
            NodeConfig config,
            FeedId self,
            Store store,
            ReplicationActor actor,
            PeerSessions sessions,
            PeerScores scores,
            Sources sources,
            ClockExchange clocks,
            AddressBook addresses,
            HistoryProtocol history) {
        this.config = config;
        this.self = self;
        this.store = store;
        this.actor = actor;
        this.sessions = sessions;
        this.scores = scores;
        this.sources = sources;
        this.clocks = clocks;
        this.addresses = addresses;
        this.history = history;
    }

    void opened(PeerLink link) {
        FeedId remote = link.remoteId();
        if (scores.isBanned(remote, actor.now())) {
            link.close("peer is banned for " + scores.banReason(remote));
            return;
        }
        PeerSession existing = sessions.withPeer(remote);
        if (existing != null && existing.link().isOpen()) {
            // One link per pair. Both sides apply the same rule, so they close the same link:
            // keep the link dialled by the smaller id; if both were dialled by the same side, keep
            // the older one.
            FeedId oldDialer = existing.link().outbound() ? self : remote;
            FeedId newDialer = link.outbound() ? self : remote;
            boolean keepNew = !oldDialer.equals(newDialer) && newDialer.compareTo(oldDialer) < 0;
            if (!keepNew) {
                link.close("duplicate link to " + remote.shortText());
                return;
            }
            sessions.remove(remote);
            existing.link().close("duplicate link to " + remote.shortText());
            release(existing);
        }
        PeerSession s = new PeerSession(link, actor.now());
        sessions.put(s);
        Map<FeedId, Long> received = store.loadPeerClock(remote, "received");
        s.remember(received, store.loadPeerClock(remote, "sent"));
        received.keySet().forEach(sources::noted);
        int version = config.protocolVersion();
        long capabilities = version >= 2 && config.history().server() ? Protocol.CAP_HISTORY : 0;
        if (version >= 3) {
            capabilities |= Protocol.reachCapabilities(
                    config.relay().enabled(), !addresses.advertise().isBlank(), link.outbound(), link.relay() != null);
        }
        // Tell the peer where its link comes from (not through a tunnel, whose address is the relay's).
        String observed = version >= 2 && link.relay() == null ? link.remoteAddress() : "";
        link.send(new Hello(
                addresses.advertise(),
                ClockDigest.of(received),
                version,
                capabilities,
                observed.length() <= 255 ? observed : ""));
        if (version >= 2) {
            LinkLimits l = config.limits();
            link.send(new Message.Limits(
                    l.maxPendingRequests(),
                    Math.min(l.maxQueuedBytes(), MessageCodec.U32),
                    l.stallTimeout().toMillis()));
        }
        addresses.linksChanged();
        LOG.info(
                "peer {} linked ({}, {})",
                remote.shortText(),
                link.outbound() ? "outbound" : "inbound",
                link.remoteAddress());
        sessions.updateView();
    }

    void closed(PeerLink link, String reason) {
        PeerSession s = sessions.of(link);
        if (s == null) {
            return;
        }
        sessions.remove(link.remoteId());
        LOG.info("peer {} unlinked: {}", link.remoteId().shortText(), reason);
        release(s);
        addresses.unlinked(link.remoteId(), actor.now());
        sessions.updateView();
    }

    /** The node closes: every session remembers its clocks (the last replication step). */
    void closeAll() {
        for (PeerSession s : new ArrayList<>(sessions.all())) {
            release(s);
        }
    }

    /** Saves what the session remembers and gives its feeds to other sources. */
    private void release(PeerSession s) {
        try {
            s.saveClocks(store);
        } catch (RuntimeException e) {
            LOG.warn("could not save clocks of peer {}: {}", s.remoteId().shortText(), e.toString());
        }
        clocks.forget(s);
        history.closed(s);
        sources.release(s);
    }
}
