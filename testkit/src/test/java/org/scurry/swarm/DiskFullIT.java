package org.scurry.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.testkit.TcpSwarm;
import org.scurry.testkit.TestSwarm;
import org.scurry.testkit.Tmpfs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14, item 6, on a real file system that fills up: a node whose H2 store lives on a small
 * tmpfs the test mounts (root; see {@link Tmpfs}), linked over TCP to a peer on the ordinary disk.
 * When the tmpfs is full the node refuses posts with the reason, is not ready, keeps serving
 * reads and stays linked; once the ballast is deleted it takes writes again by itself, fetches
 * what its peer posted meanwhile, and has lost no acknowledged entry.
 */
class DiskFullIT {
    private static final Logger LOG = LoggerFactory.getLogger(DiskFullIT.class);

    @TempDir
    Path dir;

    @Test
    void aNodeWhoseDiskFillsRefusesWritesServesReadsAndRecoversWithoutARestart() throws Exception {
        List<Entry> acknowledged = new ArrayList<>();
        Path storeDir;
        FeedId self;
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), 16L << 20)) {
            try (TcpSwarm onTmpfs = new TcpSwarm(disk.dir());
                    TcpSwarm onDisk = new TcpSwarm(dir.resolve("ordinary"))) {
                Node peer = onDisk.node("peer", c -> c);
                Node node = onTmpfs.node("node", c -> c, peer);
                self = node.id();
                storeDir = onTmpfs.storeDir("node");
                node.follow(peer.id());
                for (int i = 1; i <= 50; i++) {
                    acknowledged.add(node.post("before the disk filled " + i, null));
                    peer.post("peer before " + i, null);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> TestSwarm.holdsUpTo(node, peer.id(), 50));
                assertThat(node.health().ready()).isTrue();

                // The disk fills up. Posts go on while H2 finds room in its file, then one is refused.
                Path ballast = disk.fill();
                LOG.info("tmpfs filled: {} bytes free", disk.free());
                StoreUnavailableException refused = null;
                for (int i = 1; i <= 5000 && refused == null; i++) {
                    try {
                        acknowledged.add(node.post("while the disk fills " + i + " " + "x".repeat(500), null));
                    } catch (StoreUnavailableException e) {
                        refused = e;
                    }
                }
                assertThat(refused)
                        .as("a post was refused once the disk was full")
                        .isNotNull();
                assertThat(refused.getMessage()).startsWith("the disk is full");
                LOG.info("refused after {} acknowledged posts: {}", acknowledged.size(), refused.getMessage());

                NodeStatus status = node.status();
                assertThat(status.ready()).isFalse();
                assertThat(status.degraded()).startsWith("the disk is full");
                assertThat(node.health().reason()).isEqualTo(status.degraded());
                assertThatThrownBy(() -> node.post("still full", null))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("the disk is full");
                // Reads are served: the node's own feed and its timeline, as acknowledged.
                assertThat(HistoryReads.whole(node, self)).containsAll(acknowledged);
                assertThat(node.timeline(null, 20).entries()).hasSize(20);
                assertThat(status.entries()).isGreaterThanOrEqualTo(acknowledged.size() + 50L);
                // Meanwhile the peer posts on; the node cannot keep those entries yet.
                for (int i = 51; i <= 80; i++) {
                    peer.post("peer while the node's disk is full " + i, null);
                }
                assertThat(node.peers()).extracting(PeerInfo::id).contains(peer.id());

                // Space comes back: no restart, the node takes writes again by itself.
                Files.delete(ballast);
                await().atMost(Duration.ofSeconds(30)).until(() -> node.health().ready());
                assertThat(node.status().ready()).isTrue();
                assertThat(node.status().degraded()).isNull();
                acknowledged.add(node.post("after the disk was freed", null));
                // What the peer posted meanwhile is fetched again.
                await().atMost(Duration.ofSeconds(60)).until(() -> TestSwarm.holdsUpTo(node, peer.id(), 80));

                List<Entry> own = HistoryReads.whole(node, self);
                assertThat(own).containsAll(acknowledged);
                assertChain(own);
                assertChain(node.store().range(peer.id(), 1, 80, 80));
            }
            // Nothing acknowledged is lost in the file either.
            try (H2Store reopened = H2Store.open(storeDir)) {
                List<Entry> own = reopened.range(self, 1, Long.MAX_VALUE, 100_000);
                assertThat(own).containsAll(acknowledged);
                assertChain(own);
                assertThat(reopened.latestSeq(self)).isEqualTo(own.size());
            }
        }
    }

    private static void assertChain(List<Entry> chain) {
        EntryValidator v = new EntryValidator();
        for (int i = 0; i < chain.size(); i++) {
            v.validate(chain.get(i));
            assertThat(chain.get(i).seq()).isEqualTo(i + 1L);
            if (i > 0) {
                assertThat(chain.get(i).prev()).contains(chain.get(i - 1).id());
            }
        }
    }

    /** Reads a whole feed through the node, page by page. */
    private static final class HistoryReads {
        static List<Entry> whole(Node node, FeedId feed) {
            List<Entry> newestFirst = new ArrayList<>();
            long before = Long.MAX_VALUE;
            while (true) {
                List<Entry> page = node.feed(feed, before, 1000);
                if (page.isEmpty()) {
                    break;
                }
                newestFirst.addAll(page);
                before = page.get(page.size() - 1).seq();
            }
            List<Entry> ascending = new ArrayList<>(newestFirst);
            java.util.Collections.reverse(ascending);
            return ascending;
        }
    }
}
