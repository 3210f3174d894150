package org.scurry.swarm.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.RelayLimits;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Protocol;
import org.scurry.swarm.wire.TunnelMessages;

/**
 * A relay's bounds on real sockets: R is a node; X (asks for tunnels) and Y (registered to be
 * reached through R) are bare transports driven by the test, speaking the tunnel messages by hand.
 * A tunnel to a node R does not reach, tunnels past R's bounds, and a tunnel whose sender floods
 * past the window while its far end reads nothing are refused or closed with the reason sent to X
 * and counted; R keeps relaying for others meanwhile.
 */
class RelayBoundsIT {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A bare transport whose messages the test reads. */
    private final class Bare implements PeerLink.Handler {
        final Ed25519Signer identity = Ed25519Signer.generate();
        final FeedId id = FeedId.of(identity.publicKey());
        final List<Message> received = new CopyOnWriteArrayList<>();
        final NettyTransport transport;
        PeerLink link;

        Bare(String name) {
            transport =
                    new NettyTransport(identity, NodeConfig.defaults(dir.resolve(name)), this, Duration.ofSeconds(120));
            open.add(transport::close);
        }

        Bare linkTo(Node relay, long capabilities) throws Exception {
            link = transport
                    .connect("127.0.0.1:" + relay.swarmAddress().getPort())
                    .get(30, TimeUnit.SECONDS);
            link.send(new Message.Hello("", 0, Protocol.VERSION, capabilities));
            return this;
        }

        String closeReason(long tunnelId) {
            for (Message m : received) {
                if (m instanceof Message.TunnelClose c && c.tunnelId() == tunnelId) {
                    return c.reason();
                }
            }
            return null;
        }

        @Override
        public void onOpen(PeerLink l) {}

        @Override
        public void onMessage(PeerLink l, Message message) {
            received.add(message);
        }

        @Override
        public void onWritable(PeerLink l) {}

        @Override
        public void onClose(PeerLink l, String reason) {}
    }

    private Node relay(RelayLimits limits) {
        Node r = Node.open(NodeConfig.defaults(dir.resolve("r"))
                .withListen("127.0.0.1", 0)
                .withDiscoveredPeers(0)
                .withRelay(limits));
        open.add(r::close);
        return r;
    }

    @Test
    void tunnelsToUnknownNodesAndPastTheBoundsAreRefusedWithTheReason() throws Exception {
        Node r = relay(new RelayLimits(true, 8, 2, 8, 8L << 20, 32L << 20));
        Bare y = new Bare("y").linkTo(r, Protocol.CAP_TUNNEL | Protocol.CAP_REACH_ME);
        await().atMost(Duration.ofSeconds(60)).until(() -> r.relayStats().relayedNodes() == 1);
        Bare x = new Bare("x").linkTo(r, Protocol.CAP_TUNNEL);
        await().atMost(Duration.ofSeconds(60)).until(() -> x.received.contains(new Message.Reachable(List.of(y.id))));

        FeedId stranger = FeedId.of(Ed25519Signer.generate().publicKey());
        x.link.send(new Message.TunnelOpen(1, stranger));
        x.link.send(new Message.TunnelOpen(3, y.id));
        x.link.send(new Message.TunnelOpen(5, y.id));
        x.link.send(new Message.TunnelOpen(7, y.id));
        await().atMost(Duration.ofSeconds(60)).until(() -> x.closeReason(1) != null && x.closeReason(7) != null);
        assertThat(x.closeReason(1)).isEqualTo("not reachable through this relay: " + stranger.shortText());
        assertThat(x.closeReason(7)).isEqualTo("relay is full: 2 tunnels (limit 2)");
        assertThat(x.closeReason(3)).isNull();
        assertThat(x.closeReason(5)).isNull();
        assertThat(r.relayStats().tunnels()).isEqualTo(2);
        assertThat(r.relayStats().refused()).containsEntry("not-reachable", 1L).containsEntry("full", 1L);
        assertThat(y.id).isNotEqualTo(x.id);
    }

    @Test
    void aPeerMayHoldOnlyItsShareOfTheTunnels() throws Exception {
        Node r = relay(new RelayLimits(true, 8, 100, 1, 8L << 20, 32L << 20));
        Bare y = new Bare("y").linkTo(r, Protocol.CAP_TUNNEL | Protocol.CAP_REACH_ME);
        await().atMost(Duration.ofSeconds(60)).until(() -> r.relayStats().relayedNodes() == 1);
        Bare x = new Bare("x").linkTo(r, Protocol.CAP_TUNNEL);
        x.link.send(new Message.TunnelOpen(1, y.id));
        x.link.send(new Message.TunnelOpen(3, y.id));
        await().atMost(Duration.ofSeconds(60)).until(() -> x.closeReason(3) != null);
        assertThat(x.closeReason(3)).startsWith("too many tunnels for peer ").endsWith(": 1 (limit 1)");
        assertThat(r.relayStats().refused()).containsEntry("per-peer", 1L);
    }

    @Test
    void aNodeThatDoesNotRelaySaysSo() throws Exception {
        Node r = relay(RelayLimits.off());
        Bare y = new Bare("y").linkTo(r, Protocol.CAP_TUNNEL | Protocol.CAP_REACH_ME);
        Bare x = new Bare("x").linkTo(r, Protocol.CAP_TUNNEL);
        x.link.send(new Message.TunnelOpen(1, y.id));
        await().atMost(Duration.ofSeconds(60)).until(() -> x.closeReason(1) != null);
        assertThat(x.closeReason(1)).isEqualTo("this node does not relay");
        assertThat(r.relayStats().relayedNodes()).isZero();
    }

    @Test
    void aSenderFloodingATunnelWhoseEndReadsNothingLosesTheTunnelAndTheRelayKeepsServing() throws Exception {
        Node r = relay(RelayLimits.defaults());
        Bare y = new Bare("y").linkTo(r, Protocol.CAP_TUNNEL | Protocol.CAP_REACH_ME);
        await().atMost(Duration.ofSeconds(60)).until(() -> r.relayStats().relayedNodes() == 1);
        y.link.setReading(false); // the slow end: reads nothing, acknowledges nothing
        Bare x = new Bare("x").linkTo(r, Protocol.CAP_TUNNEL);
        x.link.send(new Message.TunnelOpen(1, y.id));
        byte[] chunk = new byte[TunnelMessages.MAX_DATA];
        for (int i = 0; i < 8; i++) {
            x.link.send(new Message.TunnelData(1, chunk));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> x.closeReason(1) != null);
        assertThat(x.closeReason(1)).contains("has not acknowledged (window 262,144)");
        assertThat(r.relayStats().refused()).containsEntry("window", 1L);
        assertThat(r.relayStats().bytesRelayed()).isEqualTo(TunnelMessages.WINDOW);
        assertThat(r.relayStats().tunnels()).isZero();

        // R keeps serving: another node registers, X reaches it through R.
        Bare z = new Bare("z").linkTo(r, Protocol.CAP_TUNNEL | Protocol.CAP_REACH_ME);
        await().atMost(Duration.ofSeconds(60)).until(() -> r.relayStats().relayedNodes() == 2);
        x.link.send(new Message.TunnelOpen(3, z.id));
        x.link.send(new Message.TunnelData(3, new byte[] {1, 2, 3}));
        await().atMost(Duration.ofSeconds(60)).until(() -> r.relayStats().bytesRelayed() == TunnelMessages.WINDOW + 3);
        assertThat(x.closeReason(3)).isNull();
    }
}
