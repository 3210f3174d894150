package org.scurry.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;

/**
 * Peers of a node, in this JVM over loopback TCP, each with its own identity and transport: honest
 * idle ones (they link, say Hello and read everything) and hostile ones that do a real handshake
 * (the default network key is public) and then:
 *
 * <ul>
 *   <li><b>stalling readers</b> ask for every feed the node holds (a clock note with receive set,
 *       from seq 0) and never read;
 *   <li><b>request flooders</b> send 2,048 range and chunk requests for 1,000 entries each at once
 *       (eight times the node's limit) and never read;
 *   <li><b>garbage senders</b> open raw sockets and send random bytes, a frame of garbage where
 *       handshake message 1 belongs, or an oversized length.
 * </ul>
 *
 * Each hostile peer starts again, with a fresh identity, {@link #RECONNECT_MILLIS} after the node
 * dropped it. {@link #close} stops them all.
 */
final class HostilePeers implements AutoCloseable {
    /** Pause between a hostile peer's connections. */
    static final long RECONNECT_MILLIS = 500;
    /** Requests a flooder sends on one connection: eight times the node's limit. */
    static final int FLOOD_REQUESTS = 2048;

    private final String address;
    private final List<FeedId> feeds;
    private final NodeConfig config;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<NettyTransport> honest = new CopyOnWriteArrayList<>();
    private final List<NettyTransport> live = new CopyOnWriteArrayList<>();
    private final AtomicLong connections = new AtomicLong();

    /** Peers of the node at {@code address} holding {@code feeds}. */
    HostilePeers(String address, List<FeedId> feeds, Path scratch) {
        this.address = address;
        this.feeds = List.copyOf(feeds);
        // An attacker's own transport must not stop it: no output budget to speak of.
        this.config =
                NodeConfig.defaults(scratch).withLimits(LinkLimits.defaults().withQueuedBytes(1L << 30, 1L << 30));
    }

    /** Links {@code n} honest idle peers; returns once all are linked. */
    void honest(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            NettyTransport t = new NettyTransport(Ed25519Signer.generate(), config, new Quiet());
            honest.add(t);
            PeerLink link = t.connect(address).get(30, TimeUnit.SECONDS);
            link.send(new Message.Hello("", 0));
        }
    }

    /**
     * Starts the hostile peers: {@code stallers}, {@code flooders} and {@code garbage} of each kind
     * (again after {@link #stopAttack}); {@link #connections} counts from 0.
     */
    void attack(int stallers, int flooders, int garbage) {
        stopped.set(false);
        connections.set(0);
        for (int i = 0; i < stallers; i++) {
            start("hostile-staller-" + i, this::stall);
        }
        for (int i = 0; i < flooders; i++) {
            int seed = i;
            start("hostile-flooder-" + i, () -> flood(seed));
        }
        for (int i = 0; i < garbage; i++) {
            int seed = i;
            start("hostile-garbage-" + i, () -> garbage(seed));
        }
    }

    /** Hostile connections made since the attack started (each completed handshake or opened socket). */
    long connections() {
        return connections.get();
    }

    /** Stops the hostile peers (the honest ones stay until {@link #close}). */
    void stopAttack() throws InterruptedException {
        stopped.set(true);
        for (NettyTransport t : live) {
            t.close();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        threads.clear();
    }

    @Override
    public void close() throws InterruptedException {
        stopAttack();
        honest.forEach(NettyTransport::close);
    }

    private void start(String name, Runnable loop) {
        Thread t = new Thread(
                () -> {
                    while (!stopped.get()) {
                        try {
                            loop.run();
                        } catch (RuntimeException e) {
                            // refused or dropped: start again
                        }
                        pause(RECONNECT_MILLIS);
                    }
                },
                name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** One connection that asks for every feed and reads nothing, until the node drops it. */
    private void stall() {
        try (Attacker a = new Attacker()) {
            PeerLink link = a.link;
            List<Message.Note> notes = new ArrayList<>();
            for (FeedId f : feeds) {
                notes.add(new Message.Note(f, 0, true));
            }
            link.send(new Message.Clock(notes));
            while (!stopped.get() && link.isOpen()) {
                link.send(new Message.Ping()); // a write is how a peer that does not read notices a close
                pause(1000);
            }
        }
    }

    /**
     * One connection that sends {@link #FLOOD_REQUESTS} requests for 1,000 entries each at once and
     * reads nothing, until the node drops it. (Sending more only costs the attacker: the node stops
     * reading it long before, and every request is encrypted on this machine's cores.)
     */
    private void flood(int seed) {
        SplittableRandom rng = new SplittableRandom(seed * 31L + connections.get());
        try (Attacker a = new Attacker()) {
            PeerLink link = a.link;
            for (int i = 0; i < FLOOD_REQUESTS && link.isOpen(); i++) {
                FeedId f = feeds.get(rng.nextInt(feeds.size()));
                long from = 1 + rng.nextInt(1000);
                link.send(
                        rng.nextBoolean()
                                ? new Message.RangeRequest(f, from, from + 999)
                                : new Message.ChunkRequest(i, f, from, from + 999));
            }
            while (!stopped.get() && link.isOpen()) {
                link.send(new Message.Ping()); // how a peer that does not read notices a close
                pause(1000);
            }
        }
    }

    /** Raw sockets sending garbage, one after the other. */
    private void garbage(int seed) {
        SplittableRandom rng = new SplittableRandom(seed * 17L + connections.get());
        int colon = address.lastIndexOf(':');
        try (Socket s = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
            connections.incrementAndGet();
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            byte[] junk = new byte[1 + rng.nextInt(4096)];
            rng.nextBytes(junk);
            switch (rng.nextInt(3)) {
                case 0 -> out.write(junk); // almost always an oversized frame length
                case 1 -> {
                    out.write(new byte[] {0, 0, 0, 48}); // where handshake message 1 belongs
                    out.write(java.util.Arrays.copyOf(junk, 48));
                }
                default -> out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            }
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // until the node closes it
            }
        } catch (IOException e) {
            // reset by the node: what we expect
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A fresh identity's transport and link, reading off; closing ends both. */
    private final class Attacker implements AutoCloseable {
        final NettyTransport transport;
        final PeerLink link;

        Attacker() {
            transport = new NettyTransport(Ed25519Signer.generate(), config, new Quiet());
            live.add(transport);
            try {
                link = transport.connect(address).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                close();
                throw new IllegalStateException("not linked: " + e.getMessage(), e);
            }
            connections.incrementAndGet();
            link.setReading(false);
            link.send(new Message.Hello("", 0));
        }

        @Override
        public void close() {
            live.remove(transport);
            transport.close();
        }
    }

    /** Ignores whatever arrives. */
    private static final class Quiet implements PeerLink.Handler {
        @Override
        public void onOpen(PeerLink link) {}

        @Override
        public void onMessage(PeerLink link, Message message) {}

        @Override
        public void onWritable(PeerLink link) {}

        @Override
        public void onClose(PeerLink link, String reason) {}
    }
}
