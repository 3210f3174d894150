package org.scurry.swarm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.testkit.TestFeed;

/**
 * Hostile peers against a real node (H2 files, TCP): tampered entries, forks, garbage bytes,
 * oversized frames and a foreign network key are refused with a logged reason, nothing invalid is
 * stored, and the node keeps serving an honest peer throughout.
 */
class HostileInputIT {
    @TempDir
    Path dir;

    private Node victim;
    private Node honest;
    private NettyTransport rogue;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private AbstractAppender capture;

    @BeforeEach
    void start() {
        capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                log.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        ((Logger) LogManager.getRootLogger()).addAppender(capture);
        victim = Node.open(config("victim"));
        honest = Node.open(config("honest").withBootstrapPeers(List.of(address(victim))));
        honest.follow(victim.id());
    }

    @AfterEach
    void stop() {
        ((Logger) LogManager.getRootLogger()).removeAppender(capture);
        if (rogue != null) {
            rogue.close();
        }
        honest.close();
        victim.close();
    }

    private NodeConfig config(String name) {
        return NodeConfig.defaults(dir.resolve(name))
                .withListen("127.0.0.1", 0)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1))
                .withDiscoveredPeers(0);
    }

    private static String address(Node n) {
        return "127.0.0.1:" + n.swarmAddress().getPort();
    }

    private PeerLink rogueLink(Ed25519Signer identity, NodeConfig config) throws Exception {
        rogue = new NettyTransport(identity, config, new PeerLink.Handler() {
            @Override
            public void onOpen(PeerLink link) {}

            @Override
            public void onMessage(PeerLink link, Message message) {}

            @Override
            public void onWritable(PeerLink link) {}

            @Override
            public void onClose(PeerLink link, String reason) {}
        });
        PeerLink link = rogue.connect(address(victim)).get(10, TimeUnit.SECONDS);
        link.send(new Message.Hello("", 0));
        return link;
    }

    private void assertVictimStillServes(String text) {
        victim.post(text, null);
        long seq = victim.store().latestSeq(victim.id());
        await().atMost(Duration.ofSeconds(60)).until(() -> honest.store().latestSeq(victim.id()) == seq);
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] b = bytes.clone();
        b[bit / 8] ^= (byte) (1 << (bit % 8));
        return b;
    }

    @Test
    void tamperedEntriesAreRefusedAndNothingInvalidIsStored() throws Exception {
        TestFeed author = TestFeed.create();
        Entry e1 = author.post("one");
        Entry e2 = author.post("two");
        victim.follow(author.id());
        PeerLink link = rogueLink(Ed25519Signer.generate(), config("rogue"));
        link.send(new Message.Entries(List.of(e1)));
        await().atMost(Duration.ofSeconds(60)).until(() -> victim.store().latestSeq(author.id()) == 1);

        byte[] good = e2.encoded();
        int signatureBit = (good.length - 10) * 8;
        int contentBit = (e2.signedLength() - 3) * 8; // inside the JSON text
        int prevBit = 50 * 8; // inside the prev hash (bytes 42..73)
        int seqBit = 40 * 8; // lowest byte of seq
        for (int bit : new int[] {signatureBit, contentBit, prevBit, seqBit}) {
            link.send(new Message.Entries(List.of(Entry.decode(flip(good, bit)))));
        }
        link.send(new Message.Entries(List.of(e2)));
        await().atMost(Duration.ofSeconds(60)).until(() -> victim.store().latestSeq(author.id()) == 2);
        assertThat(victim.store().get(author.id(), 2)).contains(e2);
        assertThat(log.stream().filter(l -> l.startsWith("refused entry from peer")))
                .hasSize(4)
                .allMatch(l -> l.contains("BAD_SIGNATURE"));
        assertVictimStillServes("after tampering");
    }

    @Test
    void aForkIsDetectedTheFirstEntryKeptAndTheProofStored() throws Exception {
        TestFeed author = TestFeed.create();
        Entry e1 = author.post("one");
        Entry e2 = author.post("two");
        Entry e2b = TestFeed.resume(author.signer(), e1).post("two, signed again differently");
        victim.follow(author.id());
        PeerLink link = rogueLink(Ed25519Signer.generate(), config("rogue"));
        link.send(new Message.Entries(List.of(e1, e2)));
        await().atMost(Duration.ofSeconds(60)).until(() -> victim.store().latestSeq(author.id()) == 2);
        assertThat(link.isOpen())
                .as("the rogue's link, before it sends the fork")
                .isTrue();
        link.send(new Message.Entries(List.of(e2b)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> victim.fork(author.id()).isPresent());
        ForkProof proof = victim.fork(author.id()).orElseThrow();
        assertThat(proof.kept()).isEqualTo(e2);
        assertThat(proof.rejected()).isEqualTo(e2b);
        assertThat(victim.store().get(author.id(), 2)).contains(e2);
        assertThat(victim.status().forkedFeeds()).containsExactly(author.id());
        assertVictimStillServes("after the fork");
    }

    @Test
    void aPeerThatKeepsSendingInvalidEntriesIsDisconnectedAndBanned() throws Exception {
        TestFeed author = TestFeed.create();
        author.post("one");
        Entry e2 = author.post("two");
        victim.follow(author.id());
        Ed25519Signer rogueId = Ed25519Signer.generate();
        PeerLink link = rogueLink(rogueId, config("rogue"));
        Entry forged = Entry.decode(flip(e2.encoded(), (e2.encodedLength() - 1) * 8));
        for (int i = 0; i < 12; i++) {
            link.send(new Message.Entries(List.of(forged)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !link.isOpen());
        assertThat(log).anyMatch(l -> l.contains("banned"));
        PeerLink again = rogue.connect(address(victim)).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> !again.isOpen());
        assertThat(victim.store().latestSeq(author.id())).isZero();
        assertVictimStillServes("after the ban");
    }

    @Test
    void garbageBytesAndOversizedFramesCloseOnlyThatConnection() throws Exception {
        try (Socket garbage = new Socket("127.0.0.1", victim.swarmAddress().getPort())) {
            garbage.setSoTimeout(15_000);
            OutputStream out = garbage.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: scurry\r\n\r\n".getBytes(UTF_8));
            out.flush();
            assertThat(readUntilClosed(garbage.getInputStream())).isTrue();
        }
        try (Socket huge = new Socket("127.0.0.1", victim.swarmAddress().getPort())) {
            huge.setSoTimeout(15_000);
            OutputStream out = huge.getOutputStream();
            out.write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            out.flush();
            assertThat(readUntilClosed(huge.getInputStream())).isTrue();
        }
        assertThat(log).anyMatch(l -> l.contains("frame length must be"));
        assertVictimStillServes("after garbage");
    }

    @Test
    void aPeerWithAnotherNetworkKeyCannotLink() {
        NodeConfig other = config("other").withNetworkKey(NodeConfig.networkKeyFor("another swarm"));
        assertThatThrownBy(() -> rogueLink(Ed25519Signer.generate(), other)).hasMessageContaining("andshake");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        assertThat(victim.peers()).extracting(PeerInfo::id).containsExactly(honest.id()));
        assertVictimStillServes("after a foreign peer");
    }

    /** Reads until the peer closes; true if it did within the socket timeout. */
    private static boolean readUntilClosed(InputStream in) {
        try {
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset by peer
        }
    }
}
