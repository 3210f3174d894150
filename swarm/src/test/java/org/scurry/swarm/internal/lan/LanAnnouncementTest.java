package org.scurry.swarm.internal.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.LanConfig;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.crypto.Hkdf;
import org.scurry.swarm.internal.lan.LanAnnouncement.Refusal;
import org.scurry.swarm.internal.lan.LanAnnouncement.RefusedException;

class LanAnnouncementTest {
    private static final long NOW = 1_765_000_000_000L;
    private static final byte[] KEY = LanAnnouncement.lanKey(NodeConfig.networkKeyFor("scurry"));
    private final FeedId id = FeedId.of(Ed25519Signer.generate().publicKey());
    private final byte[] nonce = new byte[16];

    private LanAnnouncement announcement(long sentAt) {
        Arrays.fill(nonce, (byte) 7);
        return new LanAnnouncement(id, 8471, sentAt, nonce, false);
    }

    @Test
    void anAnnouncementIsEightyBytesAndReadsBackAsItWasWritten() throws Exception {
        LanAnnouncement a = announcement(NOW - 5);
        byte[] datagram = a.encode(KEY);

        assertThat(datagram).hasSize(80);
        assertThat(new String(datagram, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("SCLN");
        assertThat(datagram[4]).isEqualTo((byte) 1);
        assertThat(ByteBuffer.wrap(datagram).getShort(6) & 0xffff).isEqualTo(8471);
        assertThat(Arrays.copyOfRange(datagram, 8, 40)).isEqualTo(id.toBytes());
        assertThat(ByteBuffer.wrap(datagram).getLong(40)).isEqualTo(NOW - 5);
        assertThat(Arrays.copyOfRange(datagram, 64, 80))
                .as("the MAC is the first 16 bytes of HMAC-SHA256 over bytes 0..63")
                .isEqualTo(Arrays.copyOf(Hkdf.hmac(KEY, Arrays.copyOf(datagram, 64)), 16));
        assertThat(LanAnnouncement.decode(datagram, 80, KEY, NOW)).isEqualTo(a);
        LanAnnouncement starting = new LanAnnouncement(id, 1, NOW, nonce, true);
        byte[] first = starting.encode(KEY);
        assertThat(first[5]).as("the starting flag").isEqualTo((byte) 1);
        assertThat(LanAnnouncement.decode(first, 80, KEY, NOW)).isEqualTo(starting);
    }

    @Test
    void theKeyIsTheNetworkKeysHmacOfALabel() {
        byte[] network = NodeConfig.networkKeyFor("friends");
        assertThat(LanAnnouncement.lanKey(network))
                .isEqualTo(Hkdf.hmac(network, "scurry-lan-announcement-v1".getBytes(StandardCharsets.US_ASCII)))
                .isNotEqualTo(network);
    }

    @Test
    void anAnnouncementOfAnotherSwarmIsRefusedByItsMac() {
        byte[] other = announcement(NOW).encode(LanAnnouncement.lanKey(NodeConfig.networkKeyFor("other")));
        assertRefused(other, 80, Refusal.MAC);
    }

    @Test
    void everyBitOfTheAuthenticatedPartCounts() {
        byte[] good = announcement(NOW).encode(KEY);
        for (int i = 0; i < 80; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 1;
            Refusal expected = i < 4 ? Refusal.MAGIC : i == 4 ? Refusal.VERSION : Refusal.MAC;
            assertRefused(bad, 80, expected);
        }
    }

    @Test
    void aWrongSizeIsRefused() {
        byte[] good = announcement(NOW).encode(KEY);
        assertRefused(good, 79, Refusal.SIZE);
        assertRefused(Arrays.copyOf(good, 81), 81, Refusal.SIZE);
        assertRefused(new byte[0], 0, Refusal.SIZE);
    }

    @Test
    void flagsAndAZeroPortAreRefusedEvenWithAGoodMac() {
        assertRefused(resigned(announcement(NOW).encode(KEY), b -> b[5] = 2), 80, Refusal.FLAGS);
        assertRefused(resigned(announcement(NOW).encode(KEY), b -> b[5] = (byte) 0x81), 80, Refusal.FLAGS);
        assertRefused(resigned(announcement(NOW).encode(KEY), b -> b[6] = b[7] = 0), 80, Refusal.PORT);
    }

    @Test
    void aStaleOrFutureAnnouncementIsRefused() throws Exception {
        long skew = LanAnnouncement.MAX_SKEW_MILLIS;
        assertRefused(announcement(NOW - skew - 1).encode(KEY), 80, Refusal.STALE);
        assertRefused(announcement(NOW + skew + 1).encode(KEY), 80, Refusal.FUTURE);
        assertThat(LanAnnouncement.decode(announcement(NOW - skew).encode(KEY), 80, KEY, NOW))
                .isNotNull();
        assertThat(LanAnnouncement.decode(announcement(NOW + skew).encode(KEY), 80, KEY, NOW))
                .isNotNull();
    }

    @Test
    void aWrongVersionIsRefusedBeforeTheMac() {
        assertRefused(resigned(announcement(NOW).encode(KEY), b -> b[4] = 2), 80, Refusal.VERSION);
    }

    @Test
    void theLibraryLeavesLanDiscoveryOffAndTheSettingsAreChecked() {
        assertThat(NodeConfig.defaults(java.nio.file.Path.of("x")).lan().enabled())
                .isFalse();
        assertThat(LanConfig.on().group()).isEqualTo("239.255.83.71");
        assertThatThrownBy(() -> new LanConfig(true, "192.0.2.1", 8473, LanConfig.DEFAULT_INTERVAL))
                .hasMessageContaining("multicast");
        assertThatThrownBy(() -> new LanConfig(true, "ff02::1", 8473, LanConfig.DEFAULT_INTERVAL))
                .hasMessageContaining("IPv4");
        assertThatThrownBy(() -> new LanConfig(true, "239.255.83.71", 0, LanConfig.DEFAULT_INTERVAL))
                .hasMessageContaining("port");
    }

    @Test
    void neighboursAreBoundedRateLimitedAndReplaysIgnored() throws Exception {
        LanNeighbours n = new LanNeighbours(30_000);
        InetAddress source = InetAddress.getByName("198.51.100.2");
        for (int i = 0; i < LanNeighbours.PACKETS_PER_SECOND; i++) {
            assertThat(n.admit(source, NOW)).isTrue();
        }
        assertThat(n.admit(source, NOW + 999)).as("past the rate").isFalse();
        assertThat(n.admit(source, NOW + 1000)).as("a new second").isTrue();

        LanAnnouncement a = announcement(NOW);
        assertThat(n.heard(a, "198.51.100.2:8471", NOW)).isEqualTo(LanNeighbours.Outcome.NEW);
        assertThat(n.heard(a, "198.51.100.2:8471", NOW)).isEqualTo(LanNeighbours.Outcome.REPLAYED);
        assertThat(n.heard(announcement(NOW + 10), "198.51.100.2:8471", NOW + 10))
                .isEqualTo(LanNeighbours.Outcome.KNOWN);
        assertThat(n.heard(announcement(NOW + 20), "198.51.100.9:8471", NOW + 20))
                .as("moved: dialled again")
                .isEqualTo(LanNeighbours.Outcome.NEW);
        assertThat(n.count(NOW + 20)).isEqualTo(1);
        assertThat(n.count(NOW + 20 + 30_001)).as("silent past the expiry").isZero();

        for (int i = 0; i < LanNeighbours.MAX_NEIGHBOURS; i++) {
            FeedId other = FeedId.of(Ed25519Signer.generate().publicKey());
            assertThat(n.heard(new LanAnnouncement(other, 1, NOW, nonce, false), "198.51.100.3:1", NOW))
                    .isEqualTo(LanNeighbours.Outcome.NEW);
        }
        assertThat(n.heard(announcement(NOW + 30), "198.51.100.2:8471", NOW)).isEqualTo(LanNeighbours.Outcome.FULL);
    }

    @Test
    void theReceiveLoopCountsWhatItRefusesAndDialsOnlyOtherNodesOfItsSwarm() throws Exception {
        java.util.List<String> dialled = new java.util.ArrayList<>();
        FeedId self = FeedId.of(Ed25519Signer.generate().publicKey());
        try (LanDiscovery d = LanDiscovery.startForTest(self, dialled::add)) {
            InetAddress from = InetAddress.getByName("198.51.100.2");
            long now = System.currentTimeMillis();
            d.received(new byte[80], 80, from);
            d.received(announcement(now).encode(LanAnnouncement.lanKey(NodeConfig.networkKeyFor("other"))), 80, from);
            d.received(new LanAnnouncement(self, 9, now, nonce, true).encode(KEY), 80, from);
            assertThat(dialled).as("nothing from strangers, nothing to itself").isEmpty();
            d.received(announcement(now).encode(KEY), 80, from);
            assertThat(dialled).containsExactly("198.51.100.2:8471");
            assertThat(d.refusedByReason()).containsEntry(Refusal.MAGIC, 1L).containsEntry(Refusal.MAC, 1L);
            assertThat(d.refused()).isEqualTo(2);
            assertThat(d.neighbours()).isEqualTo(1);
        }
    }

    private static byte[] resigned(byte[] datagram, java.util.function.Consumer<byte[]> change) {
        change.accept(datagram);
        System.arraycopy(Hkdf.hmac(KEY, Arrays.copyOf(datagram, 64)), 0, datagram, 64, 16);
        return datagram;
    }

    private static void assertRefused(byte[] datagram, int length, Refusal reason) {
        assertThatThrownBy(() -> LanAnnouncement.decode(datagram, length, KEY, NOW))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
