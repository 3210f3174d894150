package org.scurry.swarm.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.testkit.ForgingStore;
import org.scurry.testkit.TcpSwarm;
import org.scurry.testkit.TestFeed;

/**
 * A 20,000-entry gap filled over TCP from three H2-backed peers at once, while a fourth peer
 * serves forged chunks (DESIGN.md §5 ranges; issue 4). Each honest peer must serve a share, the
 * forger must be excluded, and the reader's chain must be exactly the author's.
 */
class RangeFetchIT {
    static final int ENTRIES = 20_000;

    @TempDir
    Path dir;

    @Test
    void aTwentyThousandEntryGapFillsFromThreePeersAndTheForgerIsExcluded() {
        TestFeed author = TestFeed.create();
        List<Entry> chain = author.posts(ENTRIES);
        FeedId feed = author.id();
        try (TcpSwarm swarm = new TcpSwarm(dir)) {
            List<Node> peers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "peer" + i;
                try (H2Store s = H2Store.open(swarm.storeDir(name))) {
                    for (int from = 0; from < ENTRIES; from += 2000) {
                        s.appendAll(chain.subList(from, from + 2000));
                    }
                }
                boolean forger = i == 3;
                Node n = swarm.node(
                        name,
                        Ed25519Signer.generate(),
                        c -> c,
                        store -> forger ? ForgingStore.over(store, feed) : store,
                        NettyTransport::new);
                n.follow(feed); // so that it advertises the feed
                peers.add(n);
            }
            Node reader = swarm.node("reader", c -> c, peers.toArray(Node[]::new));
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.peers().size() == 4);
            reader.follow(feed);

            await().atMost(Duration.ofSeconds(120)).until(() -> reader.store().latestSeq(feed) == ENTRIES);
            List<Entry> held = new ArrayList<>();
            for (long from = 1; from <= ENTRIES; from += 1000) {
                held.addAll(reader.store().range(feed, from, from + 999, 1000));
            }
            assertThat(held).containsExactlyElementsOf(chain);
            Node forger = peers.get(3);
            assertThat(reader.excludedSources(feed)).containsExactly(forger.id());
            for (PeerInfo p : reader.peers()) {
                if (!p.id().equals(forger.id())) {
                    assertThat(p.entriesReceived())
                            .as("entries served by honest peer %s", p.id())
                            .isGreaterThanOrEqualTo(ENTRIES / 10);
                }
            }
        }
    }
}
