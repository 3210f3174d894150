package org.scurry.swarm.internal.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Transport;
import org.scurry.testkit.TestFeed;

/**
 * When the Dialer dials, tick by tick, with a transport whose dials the test answers. A tick looks
 * only at the targets that can matter (its indexes, not a scan of every learnt address), so these
 * check that nothing due is missed: refills after a loss, re-dials after a backoff with no other
 * change, the discovered quota, permanent targets.
 */
class DialerTest {
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    /** Dials the test answers: the pending ones by address, in the order they were made. */
    private final Map<String, CompletableFuture<PeerLink>> pending = new LinkedHashMap<>();

    private final List<String> dialled = new ArrayList<>();
    private final Map<String, FeedId> ids = new LinkedHashMap<>();
    private final Set<FeedId> linked = new HashSet<>();
    private final TestFeed self = TestFeed.create();
    private long now;

    private final Transport transport = new Transport() {
        @Override
        public InetSocketAddress listen(String host, int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<PeerLink> connect(String hostPort) {
            dialled.add(hostPort);
            CompletableFuture<PeerLink> f = new CompletableFuture<>();
            pending.put(hostPort, f);
            return f;
        }

        @Override
        public void close() {}
    };

    private Dialer dialer(int discoveredPeers) {
        NodeConfig config = NodeConfig.defaults(Path.of("unused"))
                .withDiscoveredPeers(discoveredPeers)
                .withTimeouts(Duration.ofSeconds(30), BACKOFF, Duration.ofSeconds(60));
        return new Dialer(transport, Runnable::run, () -> now, config, Set.of());
    }

    /** Nobody followed: every address is merely discovered. */
    private Coverage nothingFollowed() {
        MemoryStore store = new MemoryStore();
        WantedFeeds wanted = new WantedFeeds(store, 2);
        wanted.addLocal(self.id());
        wanted.recompute();
        return new Coverage(self.id(), wanted, List.of());
    }

    private String peer(int i) {
        String address = "10.0.0." + i + ":7000";
        ids.computeIfAbsent(address, a -> TestFeed.create().id());
        return address;
    }

    private void answer(String address) {
        linked.add(ids.get(address));
        pending.remove(address).complete(new StubLink(ids.get(address)));
    }

    private void refuse(String address) {
        pending.remove(address).completeExceptionally(new java.io.IOException("refused"));
    }

    @Test
    void keepsTheDiscoveredQuotaAndRefillsItWhenALinkIsLost() {
        Dialer d = dialer(2);
        Coverage c = nothingFollowed();
        for (int i = 1; i <= 5; i++) {
            d.addDiscovered(peer(i));
        }
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).containsExactly(peer(1), peer(2));
        answer(peer(1));
        answer(peer(2));
        now += 1000;
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).as("quota full: nothing more").hasSize(2);

        FeedId lost = ids.get(peer(1));
        linked.remove(lost);
        d.onClosed(lost, now);
        d.linksChanged();
        d.tick(now, linked, self.id(), c);
        assertThat(dialled)
                .as("the lost one backs off; the next learnt address fills its place")
                .containsExactly(peer(1), peer(2), peer(3));
    }

    @Test
    void redialsARefusedAddressWhenItsBackoffEndsWithNothingElseChanging() {
        Dialer d = dialer(1);
        Coverage c = nothingFollowed();
        d.addDiscovered(peer(1));
        d.tick(now, linked, self.id(), c);
        refuse(peer(1));
        assertThat(dialled).containsExactly(peer(1));

        now += BACKOFF.toMillis() - 1;
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).as("still backing off").hasSize(1);
        now += 1;
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).as("due again").containsExactly(peer(1), peer(1));
        refuse(peer(1));
        now += BACKOFF.toMillis();
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).as("the backoff doubled").hasSize(2);
        now += BACKOFF.toMillis();
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).hasSize(3);
    }

    @Test
    void aNewlyLearntAddressIsDialledAtTheNextTick() {
        Dialer d = dialer(3);
        Coverage c = nothingFollowed();
        d.addDiscovered(peer(1));
        d.tick(now, linked, self.id(), c);
        answer(peer(1));
        now += 1000;
        d.tick(now, linked, self.id(), c);
        d.addDiscovered(peer(2));
        now += 1000;
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).containsExactly(peer(1), peer(2));
    }

    @Test
    void permanentTargetsAreRedialledBeyondTheQuotaAndAnAlreadyLinkedPeerIsNotDialled() {
        Dialer d = dialer(0);
        Coverage c = nothingFollowed();
        d.addPermanent(peer(1));
        d.addPermanent(peer(2));
        d.addDiscovered(peer(3));
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).as("no discovered links wanted").containsExactly(peer(1), peer(2));
        answer(peer(1));
        refuse(peer(2));
        now += BACKOFF.toMillis();
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).containsExactly(peer(1), peer(2), peer(2));

        // Both up: nothing is dialled however long it stays so; a lost one is re-dialled.
        answer(peer(2));
        now += 10 * BACKOFF.toMillis();
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).hasSize(3);
        FeedId lost = ids.get(peer(1));
        linked.remove(lost);
        d.onClosed(lost, now);
        d.linksChanged();
        now += BACKOFF.toMillis();
        d.tick(now, linked, self.id(), c);
        assertThat(dialled).containsExactly(peer(1), peer(2), peer(2), peer(1));
    }
}
