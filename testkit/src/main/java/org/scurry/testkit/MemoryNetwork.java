package org.scurry.testkit;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Transport;
import org.scurry.swarm.spi.TransportFactory;
import org.scurry.swarm.wire.Message;

/**
 * An in-memory network for tests: transports "listen" on 127.0.0.1 with a made-up port and link
 * to each other without sockets; messages are handed over as objects. A firewall splits and heals
 * the network between two nodes (MicroRaft's LocalTransport + Firewall). Each node's events are
 * delivered on its own thread, in order, as a real transport does.
 */
public final class MemoryNetwork {
    private final AtomicInteger ports = new AtomicInteger(40000);
    private final Map<Integer, MemoryTransport> listening = new ConcurrentHashMap<>();
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();

    /** The factory to pass to {@code Node.start}. */
    public TransportFactory factory() {
        return MemoryTransport::new;
    }

    /** Cuts every link between {@code a} and {@code b} and refuses new ones until {@link #heal}. */
    public void split(FeedId a, FeedId b) {
        blocked.add(key(a, b));
        for (MemoryTransport t : listening.values()) {
            t.closeLinksBetween(a, b);
        }
    }

    public void heal() {
        blocked.clear();
    }

    private boolean isBlocked(FeedId a, FeedId b) {
        return blocked.contains(key(a, b));
    }

    private static String key(FeedId a, FeedId b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    private final class MemoryTransport implements Transport {
        private final FeedId id;
        private final byte[] networkKey;
        private final PeerLink.Handler handler;
        private final ExecutorService events;
        private final Set<MemoryLink> links = ConcurrentHashMap.newKeySet();
        private volatile int port;
        private volatile boolean closed;

        MemoryTransport(Ed25519Signer identity, NodeConfig config, PeerLink.Handler handler) {
            this.id = FeedId.of(identity.publicKey());
            this.networkKey = config.networkKey();
            this.handler = handler;
            this.events = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "memory-transport-" + id.shortText());
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public InetSocketAddress listen(String host, int requested) {
            port = requested == 0 ? ports.incrementAndGet() : requested;
            if (listening.putIfAbsent(port, this) != null) {
                throw new IllegalStateException("address in use: " + port);
            }
            return new InetSocketAddress("127.0.0.1", port);
        }

        @Override
        public CompletableFuture<PeerLink> connect(String hostPort) {
            int p = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            MemoryTransport remote = listening.get(p);
            if (remote == null || remote.closed || closed) {
                return CompletableFuture.failedFuture(new ConnectException("connection refused: " + hostPort));
            }
            if (!Arrays.equals(networkKey, remote.networkKey)) {
                return CompletableFuture.failedFuture(
                        new ConnectException("handshake failed: peer is on another network"));
            }
            if (remote.id.equals(id)) {
                return CompletableFuture.failedFuture(new ConnectException("refusing to link to ourselves"));
            }
            if (isBlocked(id, remote.id)) {
                return CompletableFuture.failedFuture(new ConnectException("timed out (partitioned)"));
            }
            MemoryLink mine = new MemoryLink(this, remote.id, "127.0.0.1:" + p, true);
            MemoryLink theirs = new MemoryLink(remote, id, "127.0.0.1:" + port, false);
            mine.peer = theirs;
            theirs.peer = mine;
            links.add(mine);
            remote.links.add(theirs);
            // Queue our onOpen before the remote can answer: its Hello must not overtake it.
            CompletableFuture<PeerLink> result = new CompletableFuture<>();
            deliver(() -> {
                handler.onOpen(mine);
                result.complete(mine);
            });
            remote.deliver(() -> remote.handler.onOpen(theirs));
            return result;
        }

        void deliver(Runnable r) {
            if (!closed) {
                try {
                    events.execute(r);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closed meanwhile
                }
            }
        }

        void closeLinksBetween(FeedId a, FeedId b) {
            for (MemoryLink l : links) {
                if ((id.equals(a) && l.remote.equals(b)) || (id.equals(b) && l.remote.equals(a))) {
                    l.close("partitioned");
                }
            }
        }

        @Override
        public void close() {
            listening.remove(port, this);
            for (MemoryLink l : links) {
                l.close("transport closed");
            }
            closed = true;
            events.shutdown();
        }
    }

    private static final class MemoryLink implements PeerLink {
        private final MemoryTransport owner;
        private final FeedId remote;
        private final String address;
        private final boolean outbound;
        private volatile MemoryLink peer;
        private volatile boolean open = true;

        MemoryLink(MemoryTransport owner, FeedId remote, String address, boolean outbound) {
            this.owner = owner;
            this.remote = remote;
            this.address = address;
            this.outbound = outbound;
        }

        @Override
        public FeedId remoteId() {
            return remote;
        }

        @Override
        public String remoteAddress() {
            return address;
        }

        @Override
        public boolean outbound() {
            return outbound;
        }

        @Override
        public void send(Message message) {
            MemoryLink p = peer;
            if (open && p != null && p.open) {
                p.owner.deliver(() -> {
                    if (p.open) {
                        p.owner.handler.onMessage(p, message);
                    }
                });
            }
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close(String reason) {
            if (!open) {
                return;
            }
            open = false;
            owner.links.remove(this);
            owner.deliver(() -> owner.handler.onClose(this, reason));
            MemoryLink p = peer;
            if (p != null) {
                p.close("closed by peer: " + reason);
            }
        }
    }
}
