package org.scurry.swarm.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;

/** Two or more NettyTransports over real loopback TCP. */
class NettyTransportTest {
    private static final NodeConfig CONFIG = NodeConfig.defaults(Path.of("unused"));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<NettyTransport> transports = new ArrayList<>();

    /** Records every handler call of one node. */
    static final class Recorder implements PeerLink.Handler {
        final List<PeerLink> opened = new CopyOnWriteArrayList<>();
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final List<String> closed = new CopyOnWriteArrayList<>();
        final AtomicInteger writable = new AtomicInteger();

        @Override
        public void onOpen(PeerLink link) {
            opened.add(link);
        }

        @Override
        public void onMessage(PeerLink link, Message message) {
            messages.add(message);
        }

        @Override
        public void onWritable(PeerLink link) {
            writable.incrementAndGet();
        }

        @Override
        public void onClose(PeerLink link, String reason) {
            closed.add(reason);
        }

        int entriesReceived() {
            return messages.stream()
                    .filter(m -> m instanceof Message.Entries)
                    .mapToInt(m -> ((Message.Entries) m).entries().size())
                    .sum();
        }
    }

    record Node(Ed25519Signer identity, NettyTransport transport, Recorder recorder, InetSocketAddress address) {
        FeedId id() {
            return FeedId.of(identity.publicKey());
        }

        String hostPort() {
            return "127.0.0.1:" + address.getPort();
        }
    }

    @AfterEach
    void closeAll() {
        transports.forEach(NettyTransport::close);
    }

    private Node node(NodeConfig config) {
        Ed25519Signer identity = Ed25519Signer.generate();
        Recorder recorder = new Recorder();
        NettyTransport t = new NettyTransport(identity, config, recorder, Duration.ofSeconds(2));
        transports.add(t);
        return new Node(identity, t, recorder, t.listen("127.0.0.1", 0));
    }

    private static PeerLink connect(Node from, Node to) throws Exception {
        return from.transport().connect(to.hostPort()).get(10, TimeUnit.SECONDS);
    }

    static Entry entry() {
        return Entry.sign(
                Ed25519Signer.generate(),
                1,
                null,
                System.currentTimeMillis(),
                "post",
                "{\"text\":\"hi\"}".getBytes(UTF_8));
    }

    static List<Entry> entries(int n) {
        List<Entry> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(entry());
        }
        return list;
    }

    @Test
    void handshakeProvesEachSidesIdentityToTheOther() throws Exception {
        Node a = node(CONFIG);
        Node b = node(CONFIG);

        PeerLink link = connect(a, b);

        assertThat(link.remoteId()).isEqualTo(b.id());
        assertThat(link.outbound()).isTrue();
        assertThat(link.isOpen()).isTrue();
        assertThat(link.remoteAddress()).isEqualTo(b.hostPort());
        await().atMost(WAIT).until(() -> b.recorder().opened.size() == 1);
        PeerLink inbound = b.recorder().opened.get(0);
        assertThat(inbound.remoteId()).isEqualTo(a.id());
        assertThat(inbound.outbound()).isFalse();
        assertThat(a.recorder().opened).containsExactly(link);
    }

    @Test
    void messagesFlowBothWaysIncludingALargeEntriesBatch() throws Exception {
        Node a = node(CONFIG);
        Node b = node(CONFIG);
        PeerLink ab = connect(a, b);
        await().atMost(WAIT).until(() -> b.recorder().opened.size() == 1);
        PeerLink ba = b.recorder().opened.get(0);
        List<Entry> batch = entries(5000); // ~1.2 MB: more than one frame, split by the encoder

        ab.send(new Message.Hello("127.0.0.1:1", 0x0102030405060708L));
        ab.send(new Message.Entries(batch));
        ab.send(new Message.Ping());
        ba.send(new Message.RangeRequest(a.id(), 1, 10));

        await().atMost(WAIT).until(() -> b.recorder().entriesReceived() == batch.size());
        await().atMost(WAIT).until(() -> a.recorder().messages.size() == 1);
        assertThat(b.recorder().messages.get(0)).isEqualTo(new Message.Hello("127.0.0.1:1", 0x0102030405060708L));
        List<Entry> received = new ArrayList<>();
        b.recorder().messages.stream()
                .filter(m -> m instanceof Message.Entries)
                .forEach(m -> received.addAll(((Message.Entries) m).entries()));
        assertThat(received).isEqualTo(batch);
        await().atMost(WAIT)
                .until(() -> b.recorder().messages.get(b.recorder().messages.size() - 1) instanceof Message.Ping);
        assertThat(a.recorder().messages).containsExactly(new Message.RangeRequest(a.id(), 1, 10));
    }

    @Test
    void aWrongNetworkKeyIsRefusedOnBothSidesAndAGoodPeerStillConnects() throws Exception {
        Node server = node(CONFIG);
        Node stranger = node(CONFIG.withNetworkKey(NodeConfig.networkKeyFor("another swarm")));

        CompletableFuture<PeerLink> refused = stranger.transport().connect(server.hostPort());

        assertThat(refused)
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(HandshakeException.class)
                .withMessageContaining("during the handshake");
        assertThat(server.recorder().opened).isEmpty();
        assertThat(stranger.recorder().opened).isEmpty();

        CompletableFuture<PeerLink> refusedTheOtherWay = server.transport().connect(stranger.hostPort());
        assertThat(refusedTheOtherWay).failsWithin(WAIT);
        assertThat(stranger.recorder().opened).isEmpty();

        Node friend = node(CONFIG);
        assertThat(connect(friend, server).remoteId()).isEqualTo(server.id());
    }

    @Test
    void garbageBytesCloseThatSocketWhileAnotherLinkKeepsWorking() throws Exception {
        Node server = node(CONFIG);
        Node friend = node(CONFIG);
        PeerLink link = connect(friend, server);

        try (Socket raw = new Socket("127.0.0.1", server.address().getPort())) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write(new byte[] {0, 0, 0, 64});
            out.write(new byte[64]); // a well-framed message 1 that does not authenticate
            out.flush();
            assertThat(readUntilClosed(raw.getInputStream())).isEqualTo(-1);
        }
        try (Socket raw = new Socket("127.0.0.1", server.address().getPort())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(UTF_8));
            assertThat(readUntilClosed(raw.getInputStream())).isEqualTo(-1);
        }

        link.send(new Message.Ping());
        await().atMost(WAIT).until(() -> server.recorder().messages.contains(new Message.Ping()));
        assertThat(link.isOpen()).isTrue();
    }

    @Test
    void anOversizedFrameLengthClosesThatSocket() throws Exception {
        Node server = node(CONFIG);
        Node friend = node(CONFIG);
        PeerLink link = connect(friend, server);

        try (Socket raw = new Socket("127.0.0.1", server.address().getPort())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            raw.getOutputStream().flush();
            assertThat(readUntilClosed(raw.getInputStream())).isEqualTo(-1);
        }

        link.send(new Message.Ping());
        await().atMost(WAIT).until(() -> server.recorder().messages.contains(new Message.Ping()));
    }

    @Test
    void aSilentPeerIsClosedAtTheHandshakeTimeout() throws Exception {
        Node server = node(CONFIG);
        try (Socket raw = new Socket("127.0.0.1", server.address().getPort())) {
            raw.setSoTimeout(8000);
            long start = System.nanoTime();
            assertThat(readUntilClosed(raw.getInputStream())).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void aNodeRefusesToConnectToItself() {
        Node a = node(CONFIG);

        assertThat(a.transport().connect(a.hostPort()))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(HandshakeException.class);
        assertThat(a.recorder().opened).isEmpty();
    }

    @Test
    void closingALinkReportsTheReasonOnceOnBothSides() throws Exception {
        Node a = node(CONFIG);
        Node b = node(CONFIG);
        PeerLink link = connect(a, b);
        await().atMost(WAIT).until(() -> b.recorder().opened.size() == 1);

        link.close("duplicate link");
        link.close("again");

        await().atMost(WAIT)
                .until(() ->
                        a.recorder().closed.size() == 1 && b.recorder().closed.size() == 1);
        assertThat(a.recorder().closed).containsExactly("duplicate link");
        assertThat(b.recorder().closed).containsExactly("closed by the peer");
        assertThat(link.isOpen()).isFalse();
        link.send(new Message.Ping()); // dropped, no exception
    }

    @Test
    void connectingToNothingFailsTheFuture() {
        Node a = node(CONFIG);
        assertThat(a.transport().connect("127.0.0.1:1")).failsWithin(WAIT);
        assertThat(a.transport().connect("no port")).isCompletedExceptionally();
    }

    @Test
    void aFloodMakesTheLinkUnwritableAndOnWritableFiresWhenItDrains() throws Exception {
        Node a = node(CONFIG);
        Node b = node(CONFIG);
        PeerLink link = connect(a, b);
        Message.Entries batch = new Message.Entries(entries(200));
        int sent = 0;

        while (link.isWritable() && sent < 10_000) {
            link.send(batch);
            sent++;
        }

        assertThat(link.isWritable()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.recorder().writable.get() > 0);
        assertThat(link.isWritable()).isTrue();
        int expected = sent * 200;
        await().atMost(Duration.ofSeconds(30)).until(() -> b.recorder().entriesReceived() == expected);
    }

    @Test
    void aPeerThatStopsReadingIsClosedOnceItsOutputBudgetIsSpent() throws Exception {
        Node a = node(CONFIG);
        Node b = node(CONFIG);
        PeerLink link = connect(a, b);
        await().atMost(WAIT).until(() -> b.recorder().opened.size() == 1);
        b.recorder().opened.get(0).setReading(false);
        Message.Entries batch = new Message.Entries(entries(200)); // ~57 KB

        // Ignoring writability (as no sender in the node does): the kernel's socket buffers fill,
        // then the link's own queue, until a send would pass its 4 MiB budget.
        for (int i = 0; i < 2_000 && link.isOpen(); i++) {
            link.send(batch);
            assertThat(link.queuedBytes()).isLessThanOrEqualTo(CONFIG.limits().maxQueuedBytes());
        }

        await().atMost(WAIT).until(() -> a.recorder().closed.size() == 1);
        assertThat(a.recorder().closed.get(0))
                .startsWith("peer does not read: ")
                .contains("(limit 4,194,304)");
        assertThat(a.transport().stats().overBudgetLinks()).isEqualTo(1);
        assertThat(a.transport().stats().peakQueuedBytes())
                .isBetween(1L << 20, CONFIG.limits().maxQueuedBytes());
        await().atMost(WAIT).until(() -> a.transport().stats().queuedBytes() == 0);
    }

    @Test
    void aPeerThatReadsNothingIsClosedAfterTheStallTimeoutWhileAnIdleLinkStays() throws Exception {
        NodeConfig quick = CONFIG.withLimits(LinkLimits.defaults().withStallTimeout(Duration.ofMillis(300)));
        Node a = node(quick);
        Node b = node(CONFIG);
        Node idle = node(CONFIG);
        PeerLink idleLink = connect(a, idle);
        PeerLink link = connect(a, b);
        await().atMost(WAIT).until(() -> b.recorder().opened.size() == 1);
        b.recorder().opened.get(0).setReading(false);
        Message.Entries batch = new Message.Entries(entries(200));

        // As the node streams: only while writable. The kernel's socket buffers fill first, then
        // the link stays unwritable with bytes queued that never move.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            while (link.isWritable()) {
                link.send(batch);
            }
            return a.recorder().closed.size() == 1;
        });
        assertThat(a.recorder().closed.get(0)).startsWith("peer read nothing for 300 ms while ");
        assertThat(a.transport().stats().stalledLinks()).isEqualTo(1);
        assertThat(idleLink.isOpen()).isTrue(); // nothing queued for it: idle is not stalled
        idleLink.send(new Message.Ping());
        await().atMost(WAIT).until(() -> idle.recorder().messages.contains(new Message.Ping()));
    }

    @Test
    void aConnectionOverTheHandshakeLimitIsRefusedAtOnceAndAPeerGetsInOnceTheOthersClose() throws Exception {
        NodeConfig tight = CONFIG.withLimits(LinkLimits.defaults().withConnections(2, 2, 3, 3));
        Node server = node(tight);
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                silent.add(new Socket("127.0.0.1", server.address().getPort())); // handshakes pending
            }
            await().atMost(WAIT).until(() -> server.transport().stats().inboundHandshakes() == 2);
            try (Socket third = new Socket("127.0.0.1", server.address().getPort())) {
                third.setSoTimeout(5000);
                assertThat(readUntilClosed(third.getInputStream())).isEqualTo(-1);
            }
            assertThat(server.transport().stats().refusedConnections()).isEqualTo(1);
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
        await().atMost(WAIT).until(() -> server.transport().stats().inboundConnections() == 0);
        Node friend = node(CONFIG);
        assertThat(connect(friend, server).remoteId()).isEqualTo(server.id());
        // (the server finishes its side of the handshake when message 3 arrives, just after)
        await().atMost(WAIT)
                .until(() -> server.transport().stats().inboundHandshakes() == 0
                        && server.transport().stats().inboundConnections() == 1);
    }

    private static int readUntilClosed(InputStream in) throws Exception {
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            // the server may have sent nothing, or (never here) handshake bytes
        }
        return n;
    }
}
