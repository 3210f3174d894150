package org.scurry.swarm.internal.lan;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.LanConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the nodes of this swarm on the local network (docs/reach.md, "LAN discovery"): announces
 * the node ({@link LanAnnouncement}) to an IPv4 multicast group with TTL 1 on every interface that
 * can multicast, a few times in the first two seconds and then every interval with jitter, and
 * listens on the group. A valid announcement of another node is answered at once with one of ours
 * (so a node that just started is found without waiting for the next round; a known node whose
 * announcement says it is starting, restarted, is answered too) and handed to {@code
 * dial} as the datagram's source address with the announced port. What a sender can make it spend
 * is bounded by {@link LanNeighbours}; every refused datagram is counted by reason. Two threads of
 * its own: the sender (a scheduler) and the receive loop; nothing thrown by a datagram leaves the
 * loop.
 */
public final class LanDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LanDiscovery.class);
    /** When the quick announcements of a starting node go out, in ms after start. */
    private static final long[] STARTUP_ROUNDS = {0, 300, 1000, 2000};
    /** Answers to newly heard nodes are sent at most this often (they are coalesced). */
    private static final long ANSWER_GAP_MILLIS = 500;

    private final LanConfig config;
    private final byte[] lanKey;
    private final FeedId self;
    private final int swarmPort;
    private final Consumer<String> dial;
    private final LongSupplier clock;
    private final DatagramChannel channel;
    private final InetSocketAddress group;
    private final LanNeighbours neighbours;
    private final ScheduledExecutorService sender;
    private final Thread receiver;
    private final SecureRandom random = new SecureRandom();
    private final Set<NetworkInterface> joined = Collections.synchronizedSet(new HashSet<>());
    private final Map<LanAnnouncement.Refusal, AtomicLong> refused = new EnumMap<>(LanAnnouncement.Refusal.class);
    private final AtomicLong limited = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean answerPending = new AtomicBoolean();
    private volatile long lastAnswer;
    private volatile boolean noInterfaceLogged;

    private LanDiscovery(
            LanConfig config,
            byte[] networkKey,
            FeedId self,
            int swarmPort,
            Consumer<String> dial,
            LongSupplier clock,
            DatagramChannel channel) {
        this.config = config;
        this.lanKey = LanAnnouncement.lanKey(networkKey);
        this.self = self;
        this.swarmPort = swarmPort;
        this.dial = dial;
        this.clock = clock;
        this.channel = channel;
        this.group = new InetSocketAddress(config.group(), config.port());
        this.neighbours =
                new LanNeighbours(Math.max(30_000, 3 * config.interval().toMillis()));
        for (LanAnnouncement.Refusal r : LanAnnouncement.Refusal.values()) {
            refused.put(r, new AtomicLong());
        }
        String name = "scurry-lan-" + self.shortText();
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-send"));
        this.receiver = daemon(this::receiveLoop, name + "-receive");
    }

    /**
     * Binds the group's port (shared with other nodes on this host), joins the group on every
     * interface that can multicast, and starts announcing {@code self} at {@code swarmPort}. Throws
     * {@link IOException} when the port cannot be bound; the caller runs without LAN discovery then.
     */
    public static LanDiscovery start(
            LanConfig config, byte[] networkKey, FeedId self, int swarmPort, Consumer<String> dial) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(config.port()));
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
            // several nodes on one host hear each other through the loopback copy
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        LanDiscovery d = new LanDiscovery(config, networkKey, self, swarmPort, dial, System::currentTimeMillis, ch);
        d.receiver.start();
        for (long at : STARTUP_ROUNDS) {
            d.sender.schedule(() -> d.announceSafely(true), at, TimeUnit.MILLISECONDS);
        }
        d.scheduleRegular();
        LOG.info(
                "LAN discovery on: announcing to {} (TTL 1) every {} s",
                d.group.getAddress().getHostAddress() + ":" + config.port(),
                config.interval().toSeconds());
        return d;
    }

    /**
     * One that neither sends nor listens (an unbound socket, no threads): a unit test hands it
     * datagrams through {@link #received} with the default settings and the {@code scurry} network.
     */
    static LanDiscovery startForTest(FeedId self, Consumer<String> dial) throws IOException {
        return new LanDiscovery(
                LanConfig.on(),
                org.scurry.swarm.NodeConfig.networkKeyFor(org.scurry.swarm.NodeConfig.DEFAULT_NETWORK),
                self,
                8471,
                dial,
                System::currentTimeMillis,
                DatagramChannel.open(StandardProtocolFamily.INET));
    }

    /** Nodes of this swarm heard on the LAN within the expiry. */
    public int neighbours() {
        return neighbours.count(clock.getAsLong());
    }

    /** Datagrams refused: not announcements of this swarm, stale, replayed, over a bound. */
    public long refused() {
        long n = limited.get();
        for (AtomicLong c : refused.values()) {
            n += c.get();
        }
        return n;
    }

    /** Datagrams refused, by reason. */
    public Map<LanAnnouncement.Refusal, Long> refusedByReason() {
        Map<LanAnnouncement.Refusal, Long> m = new EnumMap<>(LanAnnouncement.Refusal.class);
        refused.forEach((r, c) -> m.put(r, c.get()));
        return m;
    }

    /** Announcements sent (one per interface and round). */
    public long sent() {
        return sent.get();
    }

    private void scheduleRegular() {
        long interval = config.interval().toMillis();
        long delay = interval - (long) (random.nextDouble() * interval / 4);
        sender.schedule(
                () -> {
                    announceSafely(false);
                    neighbours.expire(clock.getAsLong());
                    scheduleRegular();
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void announceSafely(boolean starting) {
        try {
            announce(starting);
        } catch (RuntimeException e) {
            LOG.warn("LAN announcement not sent: {}", e.toString());
        }
    }

    /** Joins the group on interfaces that came up, and sends one announcement on each joined one. */
    private void announce(boolean starting) {
        joinNewInterfaces();
        byte[] nonce = new byte[LanAnnouncement.NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] datagram = new LanAnnouncement(self, swarmPort, clock.getAsLong(), nonce, starting).encode(lanKey);
        List<NetworkInterface> on;
        synchronized (joined) {
            on = new ArrayList<>(joined);
        }
        for (NetworkInterface nif : on) {
            try {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                channel.send(ByteBuffer.wrap(datagram), group);
                sent.incrementAndGet();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.debug("LAN announcement on {} failed: {}", nif.getName(), e.toString());
                joined.remove(nif); // gone or down: joined again when it is back
            }
        }
    }

    private void joinNewInterfaces() {
        List<NetworkInterface> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback() && hasIpv4(nif)) {
                    candidates.add(nif);
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list network interfaces: {}", e.toString());
            return;
        }
        for (NetworkInterface nif : candidates) {
            if (joined.contains(nif)) {
                continue;
            }
            try {
                channel.join(group.getAddress(), nif);
                joined.add(nif);
                LOG.info("LAN discovery on interface {}", nif.getName());
            } catch (IllegalStateException e) {
                joined.add(nif); // already a member on it (joined before it went down)
            } catch (IOException e) {
                LOG.debug("cannot join {} on {}: {}", group, nif.getName(), e.toString());
            }
        }
        if (joined.isEmpty() && !noInterfaceLogged) {
            noInterfaceLogged = true;
            LOG.info("LAN discovery: no network interface with IPv4 multicast yet; looking again every round");
        }
    }

    private static boolean hasIpv4(NetworkInterface nif) {
        return Collections.list(nif.getInetAddresses()).stream().anyMatch(a -> a instanceof Inet4Address);
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(LanAnnouncement.SIZE + 1); // one more: an oversized one shows
        while (channel.isOpen()) {
            try {
                buf.clear();
                if (channel.receive(buf) instanceof InetSocketAddress from) {
                    received(buf.array(), buf.position(), from.getAddress());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("LAN datagram dropped: {}", e.toString());
            }
        }
    }

    /** One datagram of {@code length} bytes from {@code source}. */
    void received(byte[] data, int length, InetAddress source) {
        long now = clock.getAsLong();
        if (!neighbours.admit(source, now)) {
            limited.incrementAndGet();
            return;
        }
        LanAnnouncement a;
        try {
            a = LanAnnouncement.decode(data, length, lanKey, now);
        } catch (LanAnnouncement.RefusedException e) {
            refused.get(e.reason()).incrementAndGet();
            LOG.debug("LAN datagram from {} refused: {}", source.getHostAddress(), e.getMessage());
            return;
        }
        if (a.id().equals(self)) {
            return; // our own, looped back or from our other interface
        }
        String address = source.getHostAddress() + ":" + a.port();
        switch (neighbours.heard(a, address, now)) {
            case NEW -> {
                LOG.info("LAN neighbour {} at {}: dialling", a.id().shortText(), address);
                dial.accept(address);
                answerSoon();
            }
            case REPLAYED, FULL -> limited.incrementAndGet();
            case KNOWN -> {
                if (a.starting()) {
                    answerSoon(); // restarted: it does not know us yet (we still dial its address)
                }
            }
        }
    }

    /** Sends an announcement now, or once the gap since the last answer has passed (coalesced). */
    private void answerSoon() {
        if (!answerPending.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastAnswer + ANSWER_GAP_MILLIS - clock.getAsLong());
        try {
            sender.schedule(
                    () -> {
                        answerPending.set(false);
                        lastAnswer = clock.getAsLong();
                        announceSafely(false);
                    },
                    wait,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            answerPending.set(false);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops announcing and listening (leaves the group by closing the socket). */
    @Override
    public void close() {
        sender.shutdownNow();
        try {
            channel.close();
        } catch (IOException e) {
            // closing
        }
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
            receiver.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
