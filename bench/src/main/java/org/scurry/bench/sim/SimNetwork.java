package org.scurry.bench.sim;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Transport;
import org.scurry.swarm.spi.TransportFactory;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.MessageCodec;

/**
 * The simulated network: an in-memory {@link Transport} per node on a {@link VirtualTimeLoop}, with
 * a one-way latency per link and TCP-like loss. Node {@code i} listens on {@code 127.0.0.1:(BASE_PORT
 * + i)} (only a name: nothing is bound).
 *
 * <ul>
 *   <li>A link opens for both sides {@code 4 × latency} after the dial (TCP handshake then the Noise
 *       XX handshake); dialling a node that is offline fails after one round trip.
 *   <li>A message arrives {@code latency} after it is sent. Loss is modelled as TCP sees it: a
 *       message lost with probability {@code loss} arrives a retransmission timeout later (200 ms,
 *       doubling while the retransmission is lost too), and messages on one link never overtake each
 *       other (head-of-line blocking). No message is dropped on an open link.
 *   <li>Bandwidth is unlimited; message objects are handed over as they are (the same {@link Entry}
 *       instance reaches every node, as with the testkit's memory network).
 *   <li>A node that goes offline closes its links; the far side learns it one latency later.
 *   <li>Nodes behind a NAT ({@link NatRelays}) are never dialled directly: a dial to one goes
 *       through one of its relays. A tunnel opens {@code 8 × latency} after the dial (every round
 *       trip of the handshakes crosses two hops), each of its messages takes two hop delays (each
 *       with its own loss draw) and its bytes are counted at the relay too, sent and received; it
 *       closes when the relay goes offline. A reversed or hole-punched link is direct once open:
 *       {@code 6 × latency} (the request through the relay, then the NAT node's own dial) and
 *       {@code 8 × latency} after the dial. A dial to a NAT node with no relay (or every relay's
 *       tunnels taken) fails after a round trip.
 * </ul>
 *
 * Bytes are counted per node as the message encoding ({@link MessageCodec#encodedLength}) plus the
 * frame's 4-byte length and 16-byte AEAD tag, as on TCP; TCP/IP headers are not counted.
 *
 * <p>Why not the testkit's {@code MemoryNetwork}: the two share a shape (a transport per node, a
 * pair of links per connection) but not the behaviour the figures come from. {@code MemoryNetwork}
 * is a test double: it links at once, hands each message to the receiving node's own thread at
 * once, and closes both ends at once, with a firewall and a network-key check for tests. This is a
 * model of a network in virtual time: links open after the handshake's round trips, messages arrive
 * after a latency plus retransmission time-outs drawn from the seed and never overtake each other,
 * a close reaches the far side after what was sent before it, bytes are counted, and everything
 * runs on the one loop thread in an order the seed fixes. Each of those is what a figure measures;
 * a class that did both would branch in every method, and moving one event of this order changes
 * the figures of a seed.
 */
public final class SimNetwork {
    public static final int BASE_PORT = 20_000;
    /** Frame length prefix + ChaCha20-Poly1305 tag around each message on the real transport. */
    public static final int FRAME_OVERHEAD = 4 + 16;

    static final long MIN_RTO = 200;

    /**
     * Told of every entry that reaches a node inside an Entries message, before the node sees it;
     * {@code relayed} when it came through a relay's tunnel (two hops).
     */
    public interface EntryObserver {
        void received(int node, Entry entry, long now, boolean relayed);
    }

    private final VirtualTimeLoop loop;
    private final long latency;
    private final double loss;
    private final SplittableRandom random;
    private final SimTransport[] transports;
    private final long[] bytesSent;
    private final long[] bytesReceived;
    private final long[] bytesRelayed;
    private final NatRelays relays;
    /** Tunnels open through each relay, to close when it goes offline. */
    private final java.util.Map<Integer, Set<SimLink>> tunnelsVia = new java.util.HashMap<>();

    private EntryObserver observer = (node, entry, now, relayed) -> {};

    /** A network where every node can be dialled. */
    public SimNetwork(VirtualTimeLoop loop, int nodes, long latencyMillis, double loss, long seed) {
        this(loop, nodes, latencyMillis, loss, seed, NatConfig.NONE, node -> new int[0]);
    }

    /**
     * @param nat who is behind a NAT, and the relays' bounds
     * @param preferredRelays the nodes a NAT node asks first to relay for it
     */
    public SimNetwork(
            VirtualTimeLoop loop,
            int nodes,
            long latencyMillis,
            double loss,
            long seed,
            NatConfig nat,
            java.util.function.IntFunction<int[]> preferredRelays) {
        if (nodes > 65_535 - BASE_PORT) {
            throw new IllegalArgumentException("at most " + (65_535 - BASE_PORT) + " nodes: " + nodes);
        }
        if (latencyMillis < 0 || loss < 0 || loss >= 1) {
            throw new IllegalArgumentException(
                    "latency must be ≥ 0 and loss in [0, 1): " + latencyMillis + ", " + loss);
        }
        this.loop = loop;
        this.latency = latencyMillis;
        this.loss = loss;
        this.random = new SplittableRandom(seed);
        this.transports = new SimTransport[nodes];
        this.bytesSent = new long[nodes];
        this.bytesReceived = new long[nodes];
        this.bytesRelayed = new long[nodes];
        this.relays = new NatRelays(nat, nodes, seed, loop, latencyMillis, this::isOnline, preferredRelays);
    }

    /** Who is behind a NAT and who relays for them. */
    NatRelays relays() {
        return relays;
    }

    /** Whether node {@code i}'s transport is listening now. */
    boolean isOnline(int node) {
        SimTransport t = transports[node];
        return t != null && !t.closed;
    }

    /** Bytes node {@code i} forwarded through tunnels as a relay (also in its sent and received bytes). */
    public long bytesRelayed(int node) {
        return bytesRelayed[node];
    }

    public void observeEntries(EntryObserver o) {
        this.observer = o;
    }

    public static String address(int node) {
        return "127.0.0.1:" + (BASE_PORT + node);
    }

    /** The transport factory for node {@code i} (a node may be started again after it went offline). */
    public TransportFactory factory(int node) {
        return (identity, config, handler) -> new SimTransport(node, identity, handler);
    }

    public long bytesSent(int node) {
        return bytesSent[node];
    }

    public long bytesReceived(int node) {
        return bytesReceived[node];
    }

    /** The nodes {@code node} has an open link with right now. */
    public List<Integer> linkedTo(int node) {
        SimTransport t = transports[node];
        List<Integer> out = new ArrayList<>();
        if (t != null && !t.closed) {
            for (SimLink l : t.links) {
                out.add(l.peer.owner.node);
            }
        }
        return out;
    }

    /** One open link as node {@code peer}'s other end sees it: who dialled, and through which relay. */
    record LinkView(int peer, boolean outbound, int relay) {}

    /** The open links of {@code node} right now. */
    List<LinkView> links(int node) {
        SimTransport t = transports[node];
        List<LinkView> out = new ArrayList<>();
        if (t != null && !t.closed) {
            for (SimLink l : t.links) {
                out.add(new LinkView(l.peer.owner.node, l.outbound, l.relay));
            }
        }
        return out;
    }

    /** One-way delay of the next message: latency plus retransmission timeouts for losses. */
    long delay() {
        long d = latency;
        long rto = Math.max(MIN_RTO, 2 * latency);
        while (loss > 0 && random.nextDouble() < loss) {
            d += rto;
            rto *= 2;
        }
        return d;
    }

    private final class SimTransport implements Transport {
        final int node;
        final FeedId id;
        final PeerLink.Handler handler;
        final Set<SimLink> links = new LinkedHashSet<>();
        boolean listening;
        boolean closed;

        SimTransport(int node, Ed25519Signer identity, PeerLink.Handler handler) {
            this.node = node;
            this.id = FeedId.of(identity.publicKey());
            this.handler = handler;
        }

        @Override
        public InetSocketAddress listen(String host, int port) {
            SimTransport old = transports[node];
            if (old != null && !old.closed) {
                throw new IllegalStateException("address in use: " + address(node));
            }
            transports[node] = this;
            listening = true;
            relays.started(node);
            return new InetSocketAddress("127.0.0.1", BASE_PORT + node);
        }

        @Override
        public CompletableFuture<PeerLink> connect(String hostPort) {
            CompletableFuture<PeerLink> result = new CompletableFuture<>();
            int target = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) - BASE_PORT;
            SimTransport remote = target >= 0 && target < transports.length ? transports[target] : null;
            NatRelays.Route route = remote == null || remote.closed || remote == this
                    ? new NatRelays.Route(NatRelays.Path.UNREACHABLE, -1)
                    : relays.route(node, target);
            if (route.path() == NatRelays.Path.UNREACHABLE) {
                String why = remote == this
                        ? "refusing to link to ourselves"
                        : remote == null || remote.closed
                                ? "connection refused: " + hostPort
                                : "behind NAT with no relay to reach it: " + hostPort;
                loop.after(2 * latency, () -> result.completeExceptionally(new ConnectException(why)));
                return result;
            }
            int tunnelRelay = route.path() == NatRelays.Path.TUNNEL ? route.relay() : -1;
            long opens =
                    switch (route.path()) {
                        case DIRECT -> 4 * latency;
                        case REVERSED -> 6 * latency;
                        default -> 8 * latency;
                    };
            loop.after(opens, () -> {
                boolean relayGone = route.relay() >= 0 && !isOnline(route.relay());
                if (closed || remote.closed || relayGone) {
                    if (tunnelRelay >= 0) {
                        relays.tunnelClosed(tunnelRelay);
                    }
                    result.completeExceptionally(new ConnectException("connection reset: " + hostPort));
                    return;
                }
                SimLink mine = new SimLink(this, remote.id, address(remote.node), true, tunnelRelay);
                SimLink theirs = new SimLink(remote, id, address(node), false, tunnelRelay);
                mine.peer = theirs;
                theirs.peer = mine;
                links.add(mine);
                remote.links.add(theirs);
                if (tunnelRelay >= 0) {
                    tunnelsVia
                            .computeIfAbsent(tunnelRelay, k -> new LinkedHashSet<>())
                            .add(mine);
                }
                // Both opens run now, before any message on the link can arrive (one latency later).
                remote.handler.onOpen(theirs);
                handler.onOpen(mine);
                result.complete(mine);
            });
            return result;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (SimLink l : new ArrayList<>(links)) {
                l.close("transport closed");
            }
            Set<SimLink> through = tunnelsVia.remove(node);
            if (through != null) {
                for (SimLink l : new ArrayList<>(through)) {
                    l.close("relay went offline");
                }
            }
            relays.stopped(node);
        }
    }

    private final class SimLink implements PeerLink {
        final SimTransport owner;
        final FeedId remote;
        final String address;
        final boolean outbound;
        /** The relay this link is tunnelled through, or -1 for a direct link. */
        final int relay;

        SimLink peer;
        boolean open = true;
        /** Arrival time of the last message sent on this link: later ones never arrive before it. */
        long lastArrival;

        SimLink(SimTransport owner, FeedId remote, String address, boolean outbound, int relay) {
            this.owner = owner;
            this.remote = remote;
            this.address = address;
            this.outbound = outbound;
            this.relay = relay;
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
            if (!open) {
                return;
            }
            long bytes = MessageCodec.encodedLength(message) + FRAME_OVERHEAD;
            bytesSent[owner.node] += bytes;
            long hops = relay < 0 ? delay() : delay() + delay();
            if (relay >= 0) {
                bytesReceived[relay] += bytes;
                bytesSent[relay] += bytes;
                bytesRelayed[relay] += bytes;
            }
            long arrival = Math.max(lastArrival, loop.now() + hops);
            lastArrival = arrival;
            SimLink to = peer;
            loop.at(arrival, () -> {
                if (!to.open) {
                    return;
                }
                bytesReceived[to.owner.node] += bytes;
                if (message instanceof Message.Entries e) {
                    for (Entry entry : e.entries()) {
                        observer.received(to.owner.node, entry, loop.now(), relay >= 0);
                    }
                }
                to.owner.handler.onMessage(to, message);
            });
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
            if (relay >= 0 && outbound) {
                // The dialling side's half holds the tunnel's slot.
                relays.tunnelClosed(relay);
                Set<SimLink> through = tunnelsVia.get(relay);
                if (through != null) {
                    through.remove(this);
                }
            }
            loop.after(0, () -> owner.handler.onClose(this, reason));
            SimLink p = peer;
            // The far side learns of it when the FIN arrives, after what was already sent to it.
            loop.at(Math.max(lastArrival, loop.now() + latency), () -> p.close("closed by peer: " + reason));
        }
    }
}
