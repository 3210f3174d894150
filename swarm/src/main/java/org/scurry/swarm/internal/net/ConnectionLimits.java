package org.scurry.swarm.internal.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.scurry.swarm.LinkLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the inbound connections a stranger can open before proving anything: handshakes in
 * progress and connections in all, per remote IP address and over every address ({@link
 * LinkLimits}). A connection over a limit is closed at once, before any handshake work, with a
 * log line at most once a minute per address. Outbound links are this node's own choice and are
 * not counted. Thread-safe.
 */
final class ConnectionLimits {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final long LOG_EVERY_MILLIS = 60_000;
    /** Addresses whose last refusal log time is kept (beyond that the map is cleared). */
    private static final int LOGGED_ADDRESSES = 1024;

    /** One admitted inbound connection; call {@link #authenticated} once linked, {@link #closed} once. */
    interface Slot {
        void authenticated();

        void closed();
    }

    private static final class Counts {
        int handshakes;
        int connections;
    }

    private final LinkLimits limits;
    private final Map<InetAddress, Counts> byAddress = new HashMap<>();
    private final Map<InetAddress, Long> lastLogged = new HashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private int handshakes;
    private int connections;

    ConnectionLimits(LinkLimits limits) {
        this.limits = limits;
    }

    /** Admits a connection from {@code address}, or returns null (it must be closed) and logs why. */
    Slot admit(InetAddress address) {
        String refusal;
        synchronized (this) {
            Counts c = byAddress.computeIfAbsent(address, a -> new Counts());
            refusal = refusal(c);
            if (refusal == null) {
                c.handshakes++;
                c.connections++;
                handshakes++;
                connections++;
                return new AdmittedSlot(address);
            }
            if (c.connections == 0) {
                byAddress.remove(address);
            }
        }
        refused.incrementAndGet();
        logRefusal(address, refusal);
        return null;
    }

    long refused() {
        return refused.get();
    }

    synchronized int handshakes() {
        return handshakes;
    }

    synchronized int connections() {
        return connections;
    }

    private String refusal(Counts c) {
        if (c.handshakes >= limits.maxHandshakesPerAddress()) {
            return c.handshakes + " handshakes in progress from this address (limit " + limits.maxHandshakesPerAddress()
                    + ")";
        }
        if (c.connections >= limits.maxLinksPerAddress()) {
            return c.connections + " connections from this address (limit " + limits.maxLinksPerAddress() + ")";
        }
        if (handshakes >= limits.maxHandshakes()) {
            return handshakes + " inbound handshakes in progress (limit " + limits.maxHandshakes() + ")";
        }
        if (connections >= limits.maxInboundLinks()) {
            return connections + " inbound connections (limit " + limits.maxInboundLinks() + ")";
        }
        return null;
    }

    private void logRefusal(InetAddress address, String reason) {
        long now = System.currentTimeMillis();
        synchronized (lastLogged) {
            Long last = lastLogged.get(address);
            if (last != null && now - last < LOG_EVERY_MILLIS) {
                return;
            }
            if (lastLogged.size() >= LOGGED_ADDRESSES) {
                lastLogged.clear();
            }
            lastLogged.put(address, now);
        }
        LOG.warn(
                "refusing connections from {}: {} ({} refused in all; logged at most once a minute per address)",
                address.getHostAddress(),
                reason,
                refused.get());
    }

    private final class AdmittedSlot implements Slot {
        private final InetAddress address;
        private boolean handshaking = true;
        private boolean closed;

        AdmittedSlot(InetAddress address) {
            this.address = address;
        }

        @Override
        public void authenticated() {
            synchronized (ConnectionLimits.this) {
                if (handshaking && !closed) {
                    handshaking = false;
                    handshakes--;
                    byAddress.get(address).handshakes--;
                }
            }
        }

        @Override
        public void closed() {
            synchronized (ConnectionLimits.this) {
                if (closed) {
                    return;
                }
                closed = true;
                Counts c = byAddress.get(address);
                if (handshaking) {
                    handshakes--;
                    c.handshakes--;
                }
                connections--;
                if (--c.connections == 0) {
                    byAddress.remove(address);
                }
            }
        }
    }
}
