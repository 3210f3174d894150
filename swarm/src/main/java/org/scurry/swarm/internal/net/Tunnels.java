package org.scurry.swarm.internal.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.RelayStats;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tunnels through relays (docs/reach.md): sits between the transport's links and the node's
 * {@link PeerLink.Handler}, takes the relay and tunnel messages off every link and passes the
 * rest on. It is a tunnel's end, where a {@link TunnelChannel} carries a whole link (handshake
 * included) inside the outer one, and hands relaying to the {@link RelayDesk}. It also learns from
 * each relay's {@code Reachable} which nodes can be reached through it, and tells the peers that
 * speak tunnels which nodes can be reached through this node.
 *
 * <p>A link's calls come from its event loop; so does everything done to that link's tunnel ends.
 */
final class Tunnels implements PeerLink.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Tunnels.class);
    /** The address prefix that makes {@code Transport.connect} open a tunnel: {@code relay:@id}. */
    static final String PREFIX = "relay:";
    /** Tunnel ends one outer link may carry. */
    static final int ENDS_PER_LINK = 32;

    /** What is known about one outer link. */
    private static final class Outer {
        final NettyPeerLink link;
        final AtomicLong lastId = new AtomicLong();
        volatile long capabilities;
        volatile Set<FeedId> reachable = Set.of();
        /** Tunnel ends carried by this link, by id (event loop only). */
        final Map<Long, TunnelChannel> ends = new HashMap<>();
        /** Ends the far side (or relay) closed: no TunnelClose is sent back for them. */
        final Set<Long> closedByPeer = new HashSet<>();

        Outer(NettyPeerLink link) {
            this.link = link;
        }

        /** Ids chosen by the side that dialled the link are odd, the other side's even. */
        long nextId() {
            return lastId.incrementAndGet() * 2 - (link.outbound() ? 1 : 0);
        }

        boolean idOfPeer(long id) {
            return (id % 2 == 1) != link.outbound();
        }
    }

    interface EndFactory {
        /** Sets up the pipeline of a tunnel end's channel and registers it on its outer link's loop. */
        void start(TunnelChannel channel, NettyPeerLink outer, boolean initiator, CompletableFuture<PeerLink> opened);
    }

    private final PeerLink.Handler node;
    private final NodeConfig config;
    private final RelayDesk desk;
    private final Map<PeerLink, Outer> outers = new ConcurrentHashMap<>();
    private volatile EndFactory ends;

    Tunnels(PeerLink.Handler node, NodeConfig config) {
        this.node = node;
        this.config = config;
        this.desk = new RelayDesk(config.relay());
    }

    void endFactory(EndFactory f) {
        this.ends = f;
    }

    /** True when we asked {@code link}'s peer to reach us through it (the same rule as our Hello). */
    private boolean askedToBeReached(NettyPeerLink link) {
        return config.protocolVersion() >= 3
                && (Protocol.reachCapabilities(
                                        config.relay().enabled(),
                                        !config.advertiseAddress().isBlank(),
                                        link.outbound(),
                                        link.relay() != null)
                                & Protocol.CAP_REACH_ME)
                        != 0;
    }

    @Override
    public void onOpen(PeerLink link) {
        if (link instanceof NettyPeerLink n && link.relay() == null) {
            outers.put(link, new Outer(n));
        }
        node.onOpen(link);
    }

    @Override
    public void onMessage(PeerLink link, Message message) {
        Outer o = outers.get(link);
        if (o == null || !isTunnelMessage(message)) {
            if (o != null && message instanceof Message.Hello h) {
                hello(o, h);
            }
            node.onMessage(link, message);
            return;
        }
        if (message instanceof Message.Reachable r) {
            o.reachable = Set.copyOf(r.nodes());
            node.onMessage(link, message); // the dialer learns whom it can reach this way
        } else if (message instanceof Message.TunnelOpen t) {
            opened(o, t);
        } else if (message instanceof Message.TunnelData d) {
            TunnelChannel ch = o.ends.get(d.tunnelId());
            if (ch != null) {
                ch.received(d.bytes());
            } else {
                desk.data(o.link, d); // or a tunnel closed a moment ago: dropped
            }
        } else if (message instanceof Message.TunnelAck a) {
            TunnelChannel ch = o.ends.get(a.tunnelId());
            if (ch != null) {
                ch.acknowledged(a.bytes());
            } else {
                desk.ack(o.link, a);
            }
        } else if (message instanceof Message.TunnelClose c) {
            TunnelChannel ch = o.ends.get(c.tunnelId());
            if (ch != null) {
                o.closedByPeer.add(c.tunnelId());
                NettyPeerLink.closeWithReason(
                        ch, "tunnel through " + o.link.remoteId().shortText() + " closed: " + c.reason());
            } else if (!desk.closed(o.link, c)) {
                node.onMessage(link, message); // a refusal of no tunnel of ours: the node ignores it
            }
        }
    }

    private static boolean isTunnelMessage(Message m) {
        return m instanceof Message.Reachable
                || m instanceof Message.TunnelOpen
                || m instanceof Message.TunnelData
                || m instanceof Message.TunnelAck
                || m instanceof Message.TunnelClose;
    }

    private void hello(Outer o, Message.Hello h) {
        o.capabilities = h.capabilities();
        if ((h.capabilities() & Protocol.CAP_REACH_ME) != 0 && desk.register(o.link)) {
            LOG.info(
                    "peer {} can be reached through this node",
                    o.link.remoteId().shortText());
            announceReachable(null);
        } else if ((h.capabilities() & Protocol.CAP_TUNNEL) != 0 && desk.enabled()) {
            List<FeedId> reachable = desk.reachableFor(o.link.remoteId());
            if (!reachable.isEmpty()) {
                o.link.send(new Message.Reachable(reachable));
            }
        }
    }

    /** Tells every peer that speaks tunnels whom it can reach through us (all but {@code except}). */
    private void announceReachable(PeerLink except) {
        for (Outer o : outers.values()) {
            if (o.link != except && (o.capabilities & Protocol.CAP_TUNNEL) != 0 && o.link.isOpen()) {
                o.link.send(new Message.Reachable(desk.reachableFor(o.link.remoteId())));
            }
        }
    }

    /** A TunnelOpen: to us as a tunnel's far end (from our relay), or to us as a relay. */
    private void opened(Outer o, Message.TunnelOpen t) {
        if (!o.idOfPeer(t.tunnelId()) || o.ends.containsKey(t.tunnelId())) {
            o.link.send(
                    new Message.TunnelClose(t.tunnelId(), "tunnel id " + t.tunnelId() + " is not the peer's to open"));
            return;
        }
        if (!askedToBeReached(o.link)) {
            desk.open(o.link, t, target -> outers.getOrDefault(target, new Outer(target))
                    .nextId());
            return;
        }
        if (o.ends.size() >= ENDS_PER_LINK) {
            o.link.send(new Message.TunnelClose(
                    t.tunnelId(),
                    "too many tunnels through this relay: " + o.ends.size() + " (limit " + ENDS_PER_LINK + ")"));
            return;
        }
        startEnd(o, t.tunnelId(), t.node(), false, null);
    }

    /** Opens a tunnel to {@code target} through a linked relay that reaches it. Never blocks. */
    CompletableFuture<PeerLink> open(FeedId target) {
        CompletableFuture<PeerLink> result = new CompletableFuture<>();
        Outer relay = null;
        for (Outer o : outers.values()) {
            if (o.link.isOpen() && o.reachable.contains(target)) {
                relay = o;
                break;
            }
        }
        if (relay == null) {
            result.completeExceptionally(
                    new java.net.ConnectException("no linked relay reaches " + target.shortText()));
            return result;
        }
        Outer r = relay;
        CompletableFuture<PeerLink> opened = new CompletableFuture<>();
        r.link.eventLoop().execute(() -> {
            long id = r.nextId();
            r.link.send(new Message.TunnelOpen(id, target));
            startEnd(r, id, target, true, opened);
        });
        opened.whenComplete((link, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (!target.equals(link.remoteId())) {
                link.close("the tunnel reached " + link.remoteId().shortText() + ", not " + target.shortText());
                result.completeExceptionally(new HandshakeException("the tunnel to " + target.shortText() + " reached "
                        + link.remoteId().shortText()));
            } else {
                result.complete(link);
            }
        });
        return result;
    }

    private void startEnd(Outer o, long id, FeedId far, boolean initiator, CompletableFuture<PeerLink> opened) {
        TunnelChannel ch = new TunnelChannel(
                id,
                new TunnelChannel.Outer() {
                    @Override
                    public void send(Message message) {
                        o.link.send(message);
                    }

                    @Override
                    public boolean writable() {
                        return o.link.isWritable();
                    }

                    @Override
                    public void closed(TunnelChannel channel) {
                        o.ends.remove(id);
                        if (!o.closedByPeer.remove(id)) {
                            o.link.send(new Message.TunnelClose(id, "closed by its end"));
                        }
                    }
                },
                new TunnelChannel.TunnelAddress(o.link.remoteAddress(), o.link.remoteId(), far));
        o.ends.put(id, ch);
        ends.start(ch, o.link, initiator, opened);
    }

    @Override
    public void onWritable(PeerLink link) {
        Outer o = outers.get(link);
        if (o != null) {
            new ArrayList<>(o.ends.values()).forEach(TunnelChannel::resume);
        }
        node.onWritable(link);
    }

    @Override
    public void onClose(PeerLink link, String reason) {
        Outer o = outers.remove(link);
        if (o != null) {
            for (TunnelChannel ch : new ArrayList<>(o.ends.values())) {
                o.closedByPeer.add(ch.tunnelId());
                NettyPeerLink.closeWithReason(
                        ch, "the link to relay " + link.remoteId().shortText() + " closed: " + reason);
            }
            int before = desk.registeredCount();
            desk.linkClosed(o.link);
            if (desk.registeredCount() != before) {
                announceReachable(link);
            }
        }
        node.onClose(link, reason);
    }

    @Override
    public void onInvalidEntry(PeerLink link, InvalidEntryException reason) {
        node.onInvalidEntry(link, reason);
    }

    RelayStats stats() {
        int tunnelLinks = 0;
        int relays = 0;
        for (Outer o : outers.values()) {
            tunnelLinks += o.ends.size();
            if ((o.capabilities & Protocol.CAP_RELAY) != 0 && askedToBeReached(o.link)) {
                relays++;
            }
        }
        return new RelayStats(
                desk.registeredCount(),
                desk.tunnelCount(),
                desk.opened(),
                desk.bytes(),
                desk.refused(),
                tunnelLinks,
                relays);
    }
}
