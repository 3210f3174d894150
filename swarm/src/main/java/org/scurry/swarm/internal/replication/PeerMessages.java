package org.scurry.swarm.internal.replication;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.internal.history.HistoryProtocol;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.Clock;
import org.scurry.swarm.wire.Message.Hello;
import org.scurry.swarm.wire.Message.Peers;
import org.scurry.swarm.wire.Message.RangeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A linked peer's messages (other than entries and chunks, which take their own road) on the
 * replication thread, each handed to the part that handles it: requests queue for the {@link
 * EntryPump}, clocks go to the {@link ClockExchange}, addresses to the {@link AddressBook}, hints to
 * {@link RequestHints}, the history protocol's own to {@link HistoryProtocol}. Hello, which every
 * part answers, is put together here; messages of types our protocol version does not know are
 * counted.
 */
final class PeerMessages {
    private static final Logger LOG = LoggerFactory.getLogger(PeerMessages.class);
    /** Types of unknown messages logged per link (each once), beyond which they are only counted. */
    private static final int UNKNOWN_TYPES_LOGGED = 16;

    private final NodeConfig config;
    private final ReplicationActor actor;
    private final PeerSessions sessions;
    private final Sources sources;
    private final ClockExchange clocks;
    private final EntryPump pump;
    private final AddressBook addresses;
    private final RequestHints hints;
    private final HistoryProtocol history;
    /** Recomputes the wanted feeds. */
    private final Runnable wantedChanged;

    private final AtomicLong unknownMessages = new AtomicLong();

    PeerMessages(
            NodeConfig config,
            ReplicationActor actor,
            PeerSessions sessions,
            Sources sources,
            ClockExchange clocks,
            EntryPump pump,
            AddressBook addresses,
            RequestHints hints,
            HistoryProtocol history,
            Runnable wantedChanged) {
        this.config = config;
        this.actor = actor;
        this.sessions = sessions;
        this.sources = sources;
        this.clocks = clocks;
        this.pump = pump;
        this.addresses = addresses;
        this.hints = hints;
        this.history = history;
        this.wantedChanged = wantedChanged;
    }

    void handle(PeerLink link, Message message) {
        PeerSession s = sessions.of(link);
        if (s == null) {
            return;
        }
        if (message instanceof RangeRequest || message instanceof Message.ChunkRequest) {
            s.queueRequest(message); // answered by the pump, while the link is writable
            pump.schedule(s);
        } else if (message instanceof Message.Unknown u) {
            unknown(s, u);
        } else if (message instanceof Message.Limits l) {
            LOG.debug("peer {} holds us to {}", s.remoteId().shortText(), l);
        } else if (message instanceof Hello h) {
            hello(s, h);
        } else if (message instanceof Clock c) {
            clocks.received(s, c);
        } else if (message instanceof Peers p) {
            p.addresses().forEach(addresses::heardOf);
        } else if (message instanceof Message.Reachable r) {
            addresses.reachableThroughRelay(r.nodes());
        } else if (message instanceof Message.Hints h) {
            if (hints.received(s, h, actor.now())) {
                wantedChanged.run();
            }
        } else {
            history.handle(s, message);
        }
    }

    /** A message of a type our protocol version does not know: counted, logged once per type. */
    private void unknown(PeerSession s, Message.Unknown u) {
        unknownMessages.incrementAndGet();
        if (s.unknownMessage(u.type(), UNKNOWN_TYPES_LOGGED)) {
            LOG.info(
                    "peer {} (protocol version {}) sent a message of type 0x{} ({} bytes), unknown to protocol"
                            + " version {}: ignored and counted",
                    s.remoteId().shortText(),
                    s.remoteVersion(),
                    String.format("%02x", u.type()),
                    u.length() + 1,
                    config.protocolVersion());
        }
    }

    /**
     * The peer's Hello: it is told our clock (all of it, or what changed since the last session),
     * the addresses we know, the live history servers and our pruned ranges, and our request
     * hints; then the feeds it holds may get it as their source.
     */
    private void hello(PeerSession s, Hello h) {
        s.greeted(h);
        if (!Dialer.isTunnel(h.listenAddress())) {
            addresses.heardOf(h.listenAddress());
        }
        if (!h.observedAddress().isBlank() && s.link().relay() == null) {
            addresses.observed(h.observedAddress());
        }
        clocks.helloed(s);
        List<String> known = addresses.toShare(s, sessions.all());
        if (!known.isEmpty()) {
            s.link().send(new Peers(known));
        }
        history.helloed(s);
        hints.helloed(s);
        sources.offered(s, s.remoteFeeds());
    }

    /** Messages of types this node's protocol version does not know, from every peer so far. */
    long unknownMessages() {
        return unknownMessages.get();
    }
}
