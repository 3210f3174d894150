package org.scurry.swarm.internal.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.RelayLimits;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.TunnelMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's side of tunnels (docs/reach.md, "Relays"): peers that registered to be reached
 * through this node, and the tunnels it relays between a peer that asked and such a registered
 * peer. It forwards {@code TunnelData} as it comes, never reading or keeping it (the bytes are the
 * ends' Noise ciphertext). What a tunnel can make it hold is bounded by the window: a side that
 * sends more than {@link TunnelMessages#WINDOW} bytes the other side has not acknowledged gets its
 * tunnel closed. Rates are kept by holding back acknowledgements ({@link RateMeter}). Every bound
 * passed is answered with a {@code TunnelClose} carrying the reason, logged and counted.
 *
 * <p>Called from the event loops of several links: one lock guards all of its state.
 */
final class RelayDesk {
    private static final Logger LOG = LoggerFactory.getLogger(RelayDesk.class);
    static final String NOT_REACHABLE = "not reachable through this relay";

    /**
     * Test-only: every relayed tunnel byte is appended to this file, so that a test can check
     * what a relay saw. Never set in production.
     */
    static final String CAPTURE_PROPERTY = "scurry-test.relayCapture";

    /** One relayed tunnel: {@code a} asked for it, {@code b} is its target. */
    private final class Relayed {
        final NettyPeerLink a;
        final long aId;
        final NettyPeerLink b;
        final long bId;
        /** Bytes forwarded a→b not yet acknowledged by b, and b→a. */
        long aToB;

        long bToA;
        final RateMeter aRate;
        final RateMeter bRate;

        Relayed(NettyPeerLink a, long aId, NettyPeerLink b, long bId, long now) {
            this.a = a;
            this.aId = aId;
            this.b = b;
            this.bId = bId;
            this.aRate = new RateMeter(limits.tunnelBytesPerSecond(), now);
            this.bRate = new RateMeter(limits.tunnelBytesPerSecond(), now);
        }
    }

    private record Side(NettyPeerLink link, long id) {}

    private final RelayLimits limits;
    private final Map<FeedId, NettyPeerLink> registered = new LinkedHashMap<>();
    private final Map<Side, Relayed> tunnels = new HashMap<>();
    private final Map<NettyPeerLink, Integer> perPeer = new HashMap<>();
    private final Map<String, Long> refused = new LinkedHashMap<>();
    private final RateMeter total;
    private long opened;
    private long bytes;
    private final OutputStream capture;

    RelayDesk(RelayLimits limits) {
        this.limits = limits;
        this.total = new RateMeter(limits.totalBytesPerSecond(), System.nanoTime());
        this.capture = openCapture();
    }

    private static OutputStream openCapture() {
        String path = System.getProperty(CAPTURE_PROPERTY);
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            LOG.warn("test mode: every relayed byte is written to {}", path);
            return Files.newOutputStream(Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the relay capture " + path + ": " + e.getMessage(), e);
        }
    }

    boolean enabled() {
        return limits.enabled();
    }

    /**
     * {@code link}'s peer asked to be reached through us (its Hello). Returns false when it was not
     * registered (relaying off, or the registrations are full: counted).
     */
    synchronized boolean register(NettyPeerLink link) {
        if (!limits.enabled()) {
            return false;
        }
        if (!registered.containsKey(link.remoteId()) && registered.size() >= limits.maxRelayedLinks()) {
            count("registrations");
            LOG.info(
                    "not relaying for {}: {} peers are registered (limit {})",
                    link.remoteId().shortText(),
                    registered.size(),
                    limits.maxRelayedLinks());
            return false;
        }
        registered.put(link.remoteId(), link);
        return true;
    }

    /** The nodes a peer may reach through us: the registered ones but itself. */
    synchronized List<FeedId> reachableFor(FeedId peer) {
        List<FeedId> out = new ArrayList<>();
        for (FeedId id : registered.keySet()) {
            if (!id.equals(peer)) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * {@code from} asks for tunnel {@code o.tunnelId()} to {@code o.node()}; {@code targetId} is the
     * id allocated on the target's link. Returns null when relayed, or the refusal sent.
     */
    String open(NettyPeerLink from, Message.TunnelOpen o, java.util.function.ToLongFunction<NettyPeerLink> newId) {
        NettyPeerLink target;
        long targetId;
        String refusal;
        synchronized (this) {
            target = registered.get(o.node());
            refusal = refusal(from, o, target);
            if (refusal != null) {
                from.send(new Message.TunnelClose(o.tunnelId(), refusal));
                LOG.info(
                        "refused a tunnel from {} to {}: {}",
                        from.remoteId().shortText(),
                        o.node().shortText(),
                        refusal);
                return refusal;
            }
            targetId = newId.applyAsLong(target);
            Relayed r = new Relayed(from, o.tunnelId(), target, targetId, System.nanoTime());
            tunnels.put(new Side(from, o.tunnelId()), r);
            tunnels.put(new Side(target, targetId), r);
            perPeer.merge(from, 1, Integer::sum);
            perPeer.merge(target, 1, Integer::sum);
            opened++;
        }
        target.send(new Message.TunnelOpen(targetId, from.remoteId()));
        LOG.debug(
                "relaying a tunnel from {} to {}",
                from.remoteId().shortText(),
                o.node().shortText());
        return null;
    }

    private String refusal(NettyPeerLink from, Message.TunnelOpen o, NettyPeerLink target) {
        if (!limits.enabled()) {
            count("not-relaying");
            return "this node does not relay";
        }
        if (target == null || !target.isOpen() || target == from) {
            count("not-reachable");
            return NOT_REACHABLE + ": " + o.node().shortText();
        }
        if (tunnels.size() / 2 >= limits.maxTunnels()) {
            count("full");
            return String.format("relay is full: %d tunnels (limit %d)", tunnels.size() / 2, limits.maxTunnels());
        }
        for (NettyPeerLink side : List.of(from, target)) {
            int n = perPeer.getOrDefault(side, 0);
            if (n >= limits.maxTunnelsPerPeer()) {
                count("per-peer");
                return String.format(
                        "too many tunnels for peer %s: %d (limit %d)",
                        side.remoteId().shortText(), n, limits.maxTunnelsPerPeer());
            }
        }
        return null;
    }

    /** True when the message was for a relayed tunnel (handled here). */
    boolean data(NettyPeerLink from, Message.TunnelData d) {
        NettyPeerLink to;
        long toId;
        String overrun = null;
        Relayed r;
        synchronized (this) {
            r = tunnels.get(new Side(from, d.tunnelId()));
            if (r == null) {
                return false;
            }
            boolean fromA = r.a == from && r.aId == d.tunnelId();
            long outstanding = (fromA ? r.aToB : r.bToA) + d.bytes().length;
            if (outstanding > TunnelMessages.WINDOW) {
                count("window");
                overrun = String.format(
                        "peer %s sent %,d bytes the other end has not acknowledged (window %,d)",
                        from.remoteId().shortText(), outstanding, TunnelMessages.WINDOW);
            } else {
                long now = System.nanoTime();
                if (fromA) {
                    r.aToB = outstanding;
                    r.aRate.charge(d.bytes().length, now);
                } else {
                    r.bToA = outstanding;
                    r.bRate.charge(d.bytes().length, now);
                }
                total.charge(d.bytes().length, now);
                bytes += d.bytes().length;
                capture(d.bytes());
            }
            to = fromA ? r.b : r.a;
            toId = fromA ? r.bId : r.aId;
        }
        if (overrun != null) {
            LOG.warn("closing a relayed tunnel: {}", overrun);
            close(r, overrun);
        } else {
            to.send(new Message.TunnelData(toId, d.bytes()));
        }
        return true;
    }

    /** An acknowledgement: passed on, later if the sender it frees is over its rate. */
    boolean ack(NettyPeerLink from, Message.TunnelAck a) {
        NettyPeerLink to;
        long toId;
        long delay;
        synchronized (this) {
            Relayed r = tunnels.get(new Side(from, a.tunnelId()));
            if (r == null) {
                return false;
            }
            boolean fromA = r.a == from && r.aId == a.tunnelId();
            long now = System.nanoTime();
            // An acknowledgement from a frees the b→a direction, and the other way round.
            if (fromA) {
                r.bToA = Math.max(0, r.bToA - a.bytes());
                delay = Math.max(r.bRate.delayNanos(now), total.delayNanos(now));
            } else {
                r.aToB = Math.max(0, r.aToB - a.bytes());
                delay = Math.max(r.aRate.delayNanos(now), total.delayNanos(now));
            }
            to = fromA ? r.b : r.a;
            toId = fromA ? r.bId : r.aId;
        }
        Message.TunnelAck forward = new Message.TunnelAck(toId, a.bytes());
        if (delay == 0) {
            to.send(forward);
        } else {
            to.eventLoop().schedule(() -> to.send(forward), delay, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /** A side closed a relayed tunnel: the other side is told. */
    boolean closed(NettyPeerLink from, Message.TunnelClose c) {
        Relayed r;
        synchronized (this) {
            r = tunnels.get(new Side(from, c.tunnelId()));
            if (r == null) {
                return false;
            }
        }
        boolean fromA = r.a == from && r.aId == c.tunnelId();
        forget(r);
        if (fromA) {
            r.b.send(new Message.TunnelClose(r.bId, c.reason()));
        } else {
            r.a.send(new Message.TunnelClose(r.aId, c.reason()));
        }
        return true;
    }

    /** {@code link} closed: its registration ends and its tunnels close at their other ends. */
    List<FeedId> linkClosed(NettyPeerLink link) {
        List<Relayed> gone = new ArrayList<>();
        synchronized (this) {
            registered.remove(link.remoteId(), link);
            for (Map.Entry<Side, Relayed> e : tunnels.entrySet()) {
                if (e.getKey().link() == link && !gone.contains(e.getValue())) {
                    gone.add(e.getValue());
                }
            }
        }
        for (Relayed r : gone) {
            close(r, "the relay lost its link to " + link.remoteId().shortText());
        }
        return List.copyOf(registered.keySet());
    }

    private void close(Relayed r, String reason) {
        if (forget(r)) {
            r.a.send(new Message.TunnelClose(r.aId, reason));
            r.b.send(new Message.TunnelClose(r.bId, reason));
        }
    }

    private synchronized boolean forget(Relayed r) {
        if (tunnels.remove(new Side(r.a, r.aId)) == null) {
            return false;
        }
        tunnels.remove(new Side(r.b, r.bId));
        perPeer.computeIfPresent(r.a, (k, v) -> v > 1 ? v - 1 : null);
        perPeer.computeIfPresent(r.b, (k, v) -> v > 1 ? v - 1 : null);
        return true;
    }

    private void count(String reason) {
        refused.merge(reason, 1L, Long::sum);
    }

    private void capture(byte[] data) {
        if (capture != null) {
            try {
                capture.write(data);
                capture.flush();
            } catch (IOException e) {
                LOG.warn("cannot write the relay capture: {}", e.getMessage());
            }
        }
    }

    synchronized int registeredCount() {
        return registered.size();
    }

    synchronized int tunnelCount() {
        return tunnels.size() / 2;
    }

    synchronized long opened() {
        return opened;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized Map<String, Long> refused() {
        return new LinkedHashMap<>(refused);
    }
}
