package org.scurry.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.testkit.NodeProcess;

/**
 * The attack of issue 14, item 1, against a real node process (H2 files, TCP, -Xmx128m, exit on
 * OutOfMemoryError): peers that complete a real handshake (the default network key is public),
 * flood range and chunk requests for 1,000 entries each and never read the answers, and a peer
 * that asks for a feed and never reads it. Before the budgets the node queued answers without
 * bound and died of OutOfMemoryError within a second. Now the flooders are dropped (and banned)
 * and the reader that reads nothing is dropped after the stall timeout, each with a logged reason;
 * the bytes queued for peers stay within the node's budget, the heap stays small, an honest peer
 * catches up meanwhile, and SIGTERM still ends the process.
 */
class PeerFloodIT {
    // ~9 MB: more than the kernel's socket buffers hold, so a reader that reads nothing stalls
    private static final int ENTRIES = 30_000;
    private static final int ROUNDS = 2;
    private static final int FLOODERS = 4;
    private static final int REQUESTS = 20_000;
    /**
     * Short for the test (the default is 30 s), long enough for an honest peer whose verification
     * queue is full (it stops reading while it catches up) on a loaded machine.
     */
    private static final long STALL_MILLIS = 5_000;

    private static final String HEAP = "128m";

    @TempDir
    Path dir;

    private NodeProcess victim;
    private Node honest;
    private final List<NettyTransport> attackers = new ArrayList<>();
    private final List<FeedId> attackerIds = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Path log = dir.resolve("victim").resolve("node.log");
        if (Files.exists(log)) {
            // what the victim logged about its links, for the failsafe report
            Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains("link") || l.contains("banned") || l.contains("Error"))
                    .limit(200)
                    .forEach(System.out::println);
        }
        attackers.forEach(NettyTransport::close);
        if (honest != null) {
            honest.close();
        }
        if (victim != null) {
            victim.close();
        }
    }

    /** Records what each attacker's links report. */
    private static final class Attacker implements PeerLink.Handler {
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public void onOpen(PeerLink link) {}

        @Override
        public void onMessage(PeerLink link, Message message) {}

        @Override
        public void onWritable(PeerLink link) {}

        @Override
        public void onClose(PeerLink link, String reason) {
            closed.add(reason);
        }
    }

    /** A fresh identity with a handshake done, reading turned off at once. */
    private PeerLink attacker(String address) throws Exception {
        // The attacker's own transport must not stop it: no output budget to speak of.
        NodeConfig config = NodeConfig.defaults(dir.resolve("attacker"))
                .withLimits(LinkLimits.defaults().withQueuedBytes(1L << 30, 1L << 30));
        Ed25519Signer identity = Ed25519Signer.generate();
        NettyTransport t = new NettyTransport(identity, config, new Attacker());
        attackers.add(t);
        attackerIds.add(FeedId.of(identity.publicKey()));
        PeerLink link = t.connect(address).get(30, TimeUnit.SECONDS);
        link.setReading(false);
        link.send(new Message.Hello("", 0));
        return link;
    }

    @Test
    void floodersAndAPeerThatReadsNothingAreDroppedWhileTheHeapStaysBoundedAndAnHonestPeerCatchesUp() throws Exception {
        victim = NodeProcess.start(
                dir.resolve("victim"),
                0,
                List.of("-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError", "-Dscurry.test.stallMillis=" + STALL_MILLIS));
        assertThat(victim.ask("bulk " + ENTRIES)).isEqualTo("posted " + (ENTRIES + 1));
        FeedId feed = victim.id();
        honest = Node.open(NodeConfig.defaults(dir.resolve("honest"))
                .withListen("127.0.0.1", 0)
                .withBootstrapPeers(List.of(victim.address()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2))
                .withDiscoveredPeers(0));

        List<Thread> floods = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < FLOODERS; i++) {
                PeerLink link = attacker(victim.address());
                boolean chunks = i % 2 == 1;
                Thread t = new Thread(() -> flood(link, feed, chunks), "flooder-" + round + "-" + i);
                t.start();
                floods.add(t);
            }
            PeerLink reader = attacker(victim.address());
            reader.send(new Message.Clock(List.of(new Message.Note(feed, 0, true))));
            if (round == 0) {
                honest.follow(feed); // the honest catch-up runs while the attacks go on
            }
            for (Thread t : floods) {
                t.join(60_000);
            }
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> honest.store().latestSeq(feed) == ENTRIES + 1);
        // Every flooder was dropped for its requests, every non-reading reader once it stalled.
        // Every attacker was dropped with its reason: a flooder whose requests passed the limit
        // within one socket read at once, one that the pause stopped in time (and the reader) once
        // it had read nothing for the stall timeout.
        Path logFile = dir.resolve("victim").resolve("node.log");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            String log = Files.readString(logFile, StandardCharsets.ISO_8859_1);
            for (FeedId a : attackerIds) {
                assertThat(log)
                        .as("the victim dropped attacker " + a.shortText())
                        .containsPattern("(dropping|closing) link " + java.util.regex.Pattern.quote(a.shortText())
                                + " at [^:]+:\\d+: peer (read nothing for 5,000 ms while [\\d,]+ bytes were queued for it"
                                + "|sent more than 256 range and chunk requests without reading the answers)");
            }
        });
        long[] net = numbers(victim.ask("net"));
        long totalBudget = Math.max(4L << 20, Math.min(64L << 20, (128L << 20) / 4));
        assertThat(net[1]).as("peak bytes queued for peers").isLessThanOrEqualTo(totalBudget);
        long heap = numbers(victim.ask("heap"))[0];
        System.out.printf("victim: %s; heap after a full GC %,d bytes (-Xmx%s)%n", victim.ask("net"), heap, HEAP);
        assertThat(heap).as("heap in use after a full GC").isLessThan(64L << 20);
        assertThat(net[2] + net[5]).as("links dropped, counted").isGreaterThanOrEqualTo(attackerIds.size());
        assertThat(Files.readString(logFile, StandardCharsets.ISO_8859_1)).doesNotContain("OutOfMemoryError");
        assertThat(victim.ask("verify " + feed)).isEqualTo("verified " + (ENTRIES + 1));
        assertThat(honest.store().latestSeq(feed)).isEqualTo(ENTRIES + 1);

        // The process still ends on SIGTERM (its shutdown hook closes the node), with a new
        // attack under way.
        List<Thread> last = new ArrayList<>();
        for (int i = 0; i < FLOODERS; i++) {
            PeerLink link = attacker(victim.address());
            boolean chunks = i % 2 == 1;
            Thread t = new Thread(() -> flood(link, feed, chunks), "last-flooder-" + i);
            t.start();
            last.add(t);
        }
        attacker(victim.address()).send(new Message.Clock(List.of(new Message.Note(feed, 0, true))));
        Process p = victim.process();
        long t0 = System.nanoTime();
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("the node exits after SIGTERM")
                .isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        System.out.printf("victim exited %d ms after SIGTERM%n", (System.nanoTime() - t0) / 1_000_000);
        for (Thread t : last) {
            t.join(60_000);
        }
    }

    /** Sends requests for 1,000 entries each, never reading, until the victim drops the link. */
    private static void flood(PeerLink link, FeedId feed, boolean chunks) {
        for (int i = 0; i < REQUESTS && link.isOpen(); i++) {
            link.send(chunks ? new Message.ChunkRequest(i, feed, 1, 1000) : new Message.RangeRequest(feed, 1, 1000));
        }
    }

    private static long[] numbers(String answer) {
        String[] w = answer.split(" ");
        long[] n = new long[w.length - 1];
        for (int i = 1; i < w.length; i++) {
            n[i - 1] = Long.parseLong(w[i]);
        }
        return n;
    }
}
