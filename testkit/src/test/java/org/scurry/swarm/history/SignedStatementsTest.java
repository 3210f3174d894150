package org.scurry.swarm.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.internal.history.HistoryDirectory;
import org.scurry.swarm.internal.history.PruneRule;
import org.scurry.testkit.TestFeed;

class SignedStatementsTest {
    private final Ed25519Signer server = Ed25519Signer.generate();
    private final Entry announcement =
            Entry.sign(server, 1, null, 1_700_000_000_000L, Kind.HISTORY, Contents.history("127.0.0.1:9", 5));

    @Test
    void aReceiptVerifiesAndAnyChangedFieldBreaksIt() {
        TestFeed alice = TestFeed.create();
        Entry e = alice.post("one");
        CustodyReceipt r = CustodyReceipt.sign(server, alice.id(), 1, e.id(), 1000);
        assertThat(r.verifies()).isTrue();
        assertThat(r.server()).isEqualTo(FeedId.of(server.publicKey()));

        assertThat(new CustodyReceipt(r.server(), r.feed(), 2, r.entry(), r.timestamp(), r.signature()).verifies())
                .isFalse();
        assertThat(new CustodyReceipt(r.server(), r.feed(), 1, r.entry(), 1001, r.signature()).verifies())
                .isFalse();
        byte[] id = e.id().toBytes();
        id[0] ^= 1;
        assertThat(new CustodyReceipt(r.server(), r.feed(), 1, EntryId.ofBytes(id), 1000, r.signature()).verifies())
                .isFalse();
        byte[] sig = r.signature();
        sig[10] ^= 1;
        assertThat(new CustodyReceipt(r.server(), r.feed(), 1, r.entry(), 1000, sig).verifies())
                .isFalse();
        FeedId other = FeedId.of(Ed25519Signer.generate().publicKey());
        assertThat(new CustodyReceipt(other, r.feed(), 1, r.entry(), 1000, r.signature()).verifies())
                .isFalse();
    }

    @Test
    void aHeartbeatVerifiesOnlyUnchangedAndOnlyByItsAnnouncer() {
        Heartbeat hb = Heartbeat.sign(server, announcement, 77);
        assertThat(hb.verifies()).isTrue();
        assertThat(hb.server()).isEqualTo(announcement.author());
        assertThat(new Heartbeat(announcement, 78, hb.signature()).verifies()).isFalse();
        byte[] sig = hb.signature();
        sig[63] ^= 0x40;
        assertThat(new Heartbeat(announcement, 77, sig).verifies()).isFalse();
        assertThatThrownBy(() -> Heartbeat.sign(Ed25519Signer.generate(), announcement, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAnnouncementNamesAddressAndCapacity() {
        HistoryServer s = HistoryServer.of(announcement);
        assertThat(s.address()).isEqualTo("127.0.0.1:9");
        assertThat(s.capacity()).isEqualTo(5);
        Entry post = TestFeed.create().post("not one");
        assertThatThrownBy(() -> HistoryServer.of(post)).hasMessageContaining("not a history announcement");
    }

    @Test
    void directoryDropsAServerUnseenForTheLivenessTimeAndIgnoresReplays() {
        HistoryDirectory d = new HistoryDirectory(java.time.Duration.ofSeconds(3));
        Heartbeat first = Heartbeat.sign(server, announcement, 10_000);
        assertThat(d.offer(first, 10_000)).isTrue();
        assertThat(d.offer(first, 10_500)).isFalse(); // same again: not news, not forwarded
        assertThat(d.live(12_000)).extracting(HistoryServer::id).containsExactly(first.server());
        assertThat(d.live(13_001)).isEmpty();
        // an old heartbeat relayed late does not bring it back
        assertThat(d.offer(Heartbeat.sign(server, announcement, 10_100), 20_000))
                .isFalse();
        assertThat(d.live(20_000)).isEmpty();
        assertThat(d.offer(Heartbeat.sign(server, announcement, 19_900), 20_000))
                .isTrue();
        assertThat(d.isLive(first.server(), 20_000)).isTrue();
    }

    @Test
    void pruneRuleKeepsTheWindowAndWhatReceiptsDoNotCover() {
        assertThat(PruneRule.pruneBelow(1, 1700, 200, 1700)).isEqualTo(1501);
        assertThat(PruneRule.pruneBelow(1, 1700, 200, 1000)).isEqualTo(1001);
        assertThat(PruneRule.pruneBelow(1, 1700, 200, 0)).isEqualTo(1);
        assertThat(PruneRule.pruneBelow(1501, 1700, 200, 1700)).isEqualTo(1501);
        assertThat(PruneRule.pruneBelow(1, 150, 200, 150)).isEqualTo(1);
        assertThatThrownBy(() -> PruneRule.check("@x", false, 101, 99))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no history server has receipted entries after seq 99");
        assertThatThrownBy(() -> PruneRule.check("@x", true, 2, 1000)).hasMessageContaining("own feeds");
        PruneRule.check("@x", false, 100, 99);
    }
}
