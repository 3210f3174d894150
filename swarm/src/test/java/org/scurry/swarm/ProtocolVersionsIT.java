package org.scurry.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.wire.Protocol;

/**
 * An old and a new node on real sockets (H2 stores, TCP, Noise): the old one speaks protocol
 * version 1 (a Hello without version, and none of version 2's message types), the new one version
 * 2, which sends it {@code Limits} (0x0d) on every link. They stay linked and replicate both ways;
 * the old node ignores the type it does not know and counts it, per peer and in its status.
 */
class ProtocolVersionsIT {
    @TempDir
    Path dir;

    private Node old;
    private Node current;

    @AfterEach
    void stop() {
        if (current != null) {
            current.close();
        }
        if (old != null) {
            old.close();
        }
    }

    private NodeConfig config(String name) {
        return NodeConfig.defaults(dir.resolve(name))
                .withListen("127.0.0.1", 0)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1))
                .withDiscoveredPeers(0);
    }

    @Test
    void anOldAndANewNodeStayLinkedAndReplicateWhileTheOldOneCountsWhatItDoesNotKnow() {
        old = Node.open(config("old").withProtocolVersion(1));
        current = Node.open(config("new")
                .withBootstrapPeers(List.of("127.0.0.1:" + old.swarmAddress().getPort())));
        old.follow(current.id());
        current.follow(old.id());
        for (int i = 1; i <= 20; i++) {
            old.post("old " + i, null);
            current.post("new " + i, null);
        }
        long oldHead = old.store().latestSeq(old.id());
        long newHead = current.store().latestSeq(current.id());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> current.store().latestSeq(old.id()) == oldHead
                        && old.store().latestSeq(current.id()) == newHead);

        PeerInfo newSeenByOld = only(old.peers());
        PeerInfo oldSeenByNew = only(current.peers());
        assertThat(newSeenByOld.id()).isEqualTo(current.id());
        assertThat(newSeenByOld.protocolVersion()).isEqualTo(Protocol.VERSION);
        assertThat(newSeenByOld.unknownMessages())
                .as("Limits, unknown to version 1")
                .isGreaterThanOrEqualTo(1);
        assertThat(old.status().unknownMessages()).isEqualTo(newSeenByOld.unknownMessages());
        assertThat(oldSeenByNew.protocolVersion()).isEqualTo(1);
        assertThat(oldSeenByNew.unknownMessages()).isZero();
        assertThat(current.status().unknownMessages()).isZero();

        // Still the same link, live: a post after the catch-up arrives on it.
        Entry late = current.post("after the catch-up", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> old.store().latestSeq(current.id()) == late.seq());
        assertThat(only(old.peers()).connectedAt()).isEqualTo(newSeenByOld.connectedAt());
    }

    private static PeerInfo only(List<PeerInfo> peers) {
        assertThat(peers).hasSize(1);
        return peers.get(0);
    }
}
