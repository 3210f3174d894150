package org.scurry.swarm.internal.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.swarm.protect.RequestHintStatus.Refusal;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.Hello;
import org.scurry.swarm.wire.Message.Hint;
import org.scurry.swarm.wire.Message.Hints;
import org.scurry.testkit.TestFeed;

/**
 * {@link RequestHints} alone, on a real in-memory store, with links that record what is sent and
 * time passed in by hand: the bounds and timeouts that an integration test cannot wait for
 * (fetch grace, expiry, the node-wide cap) and passing hints on towards an owner elsewhere.
 */
class RequestHintsTest {
    private final MemoryStore store = new MemoryStore();
    private final WantedFeeds wanted = new WantedFeeds(store, 2);
    private final Map<FeedId, PeerSession> sessions = new LinkedHashMap<>();
    private final RequestHints hints = new RequestHints(store, wanted, sessions.values());
    private final FeedId owner = TestFeed.create().id();
    private final List<RequestRouting.Ask> asks = new ArrayList<>();
    private final Set<FeedId> pending = new java.util.HashSet<>();

    @BeforeEach
    void setUp() {
        wanted.addLocal(owner);
        hints.routing(new RequestRouting() {
            @Override
            public List<Ask> outgoing() {
                return asks;
            }

            @Override
            public boolean takesRequests(FeedId o) {
                return o.equals(owner);
            }

            @Override
            public boolean pending(FeedId requester, FeedId o) {
                return pending.contains(requester);
            }
        });
    }

    private static final class RecordingLink implements PeerLink {
        final FeedId id = TestFeed.create().id();
        final List<Message> sent = new ArrayList<>();

        @Override
        public FeedId remoteId() {
            return id;
        }

        @Override
        public String remoteAddress() {
            return "test";
        }

        @Override
        public boolean outbound() {
            return true;
        }

        @Override
        public void send(Message message) {
            sent.add(message);
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close(String reason) {}
    }

    private PeerSession peer() {
        PeerSession s = new PeerSession(new RecordingLink(), 0);
        s.greeted(new Hello("", 0, 1, 0));
        sessions.put(s.remoteId(), s);
        return s;
    }

    private static List<Hint> sent(PeerSession s) {
        List<Hint> out = new ArrayList<>();
        for (Message m : ((RecordingLink) s.link()).sent) {
            out.addAll(((Hints) m).hints());
        }
        return out;
    }

    private boolean receive(PeerSession from, long now, Hint... h) {
        boolean changed = hints.received(from, new Hints(List.of(h)), now);
        wanted.setHinted(hints.carriedFeeds());
        wanted.recompute();
        return changed;
    }

    /** As the replicator does: a tick that changes what is carried recomputes the wanted feeds. */
    private boolean tick(long now) {
        boolean changed = hints.tick(now);
        wanted.setHinted(hints.carriedFeeds());
        wanted.recompute();
        return changed;
    }

    @Test
    void aHintedFeedThatNobodyOffersGivesUpItsPlaceAfterTheGraceAndIsThenRefused() {
        PeerSession stranger = peer();
        FeedId nobody = TestFeed.create().id();
        assertThat(receive(stranger, 0, new Hint(nobody, owner, 1, 0))).isTrue();
        assertThat(wanted.contains(nobody)).isTrue();
        assertThat(wanted.followedDirectly(nobody)).isFalse();

        assertThat(tick(RequestHints.FETCH_GRACE_MILLIS)).isFalse();
        assertThat(tick(RequestHints.FETCH_GRACE_MILLIS + 2_000)).isTrue();
        assertThat(hints.carriedFeeds()).isEmpty();
        assertThat(hints.status().refused(Refusal.UNAVAILABLE)).isEqualTo(1);

        long later = RequestHints.FETCH_GRACE_MILLIS + 5_000;
        assertThat(receive(stranger, later, new Hint(nobody, owner, 1, 0))).isFalse();
        assertThat(hints.status().refused(Refusal.REJECTED_RECENTLY)).isEqualTo(1);
        // Once the refusal has run out, the same hint is admitted again.
        long afterTtl = later + RequestHints.TTL_MILLIS;
        tick(afterTtl);
        assertThat(receive(stranger, afterTtl, new Hint(nobody, owner, 1, 0))).isTrue();
    }

    @Test
    void aTrueHintIsKeptWhileRenewedAndDroppedWhenTheRequestIsAnsweredOrTheHintsStop() {
        PeerSession bobNode = peer();
        TestFeed bob = TestFeed.create();
        store.append(bob.follow(owner));
        store.append(bob.next("request", "{\"box\":\"AAAA\"}"));
        pending.add(bob.id());
        receive(bobNode, 0, new Hint(bob.id(), owner, 2, 0));
        long t = 0;
        for (int i = 0; i < 20; i++) { // renewed every minute: kept well past the ttl
            t += RequestHints.PERIOD_MILLIS;
            receive(bobNode, t, new Hint(bob.id(), owner, 2, 0));
            assertThat(tick(t)).isFalse();
        }
        assertThat(hints.carriedFeeds()).containsExactly(bob.id());
        pending.clear(); // answered
        assertThat(tick(t + RequestHints.PERIOD_MILLIS + 1)).isTrue();
        assertThat(hints.carriedFeeds()).isEmpty();
        assertThat(hints.status().refused()).isEmpty(); // settled, not refused

        pending.add(bob.id());
        long again = t + 2 * RequestHints.PERIOD_MILLIS;
        receive(bobNode, again, new Hint(bob.id(), owner, 2, 0));
        assertThat(tick(again + RequestHints.TTL_MILLIS - 1)).isFalse();
        assertThat(tick(again + RequestHints.TTL_MILLIS + 2_000)).isTrue(); // no renewal: expired
        assertThat(hints.carriedFeeds()).isEmpty();
    }

    @Test
    void theNodeWideCapHoldsWhateverTheNumberOfPeers() {
        int peers = RequestHints.MAX_CARRIED / RequestHints.MAX_PER_PEER + 1;
        for (int p = 0; p < peers; p++) {
            PeerSession s = peer();
            for (int i = 0; i < RequestHints.MAX_PER_PEER; i++) {
                receive(s, 0, new Hint(TestFeed.create().id(), owner, 1, 0));
            }
        }
        assertThat(hints.carriedFeeds()).hasSize(RequestHints.MAX_CARRIED);
        assertThat(hints.status().refused(Refusal.FULL)).isEqualTo(RequestHints.MAX_PER_PEER);
        assertThat(wanted.all()).hasSize(RequestHints.MAX_CARRIED + 1);
    }

    @Test
    void aHintForAnOwnerElsewhereIsPassedOnOnceAPeriodToPeersReplicatingTheOwner() {
        FeedId elsewhere = TestFeed.create().id();
        PeerSession from = peer();
        PeerSession ownersNode = peer();
        ownersNode.noted(elsewhere, 3L);
        PeerSession unrelated = peer();
        FeedId bob = TestFeed.create().id();

        receive(from, 0, new Hint(bob, elsewhere, 4, 2));
        assertThat(sent(ownersNode)).containsExactly(new Hint(bob, elsewhere, 4, 1));
        assertThat(sent(unrelated)).isEmpty();
        assertThat(sent(from)).isEmpty();
        assertThat(hints.carriedFeeds()).containsExactly(bob); // fetched, to be a source for the owner

        receive(from, 1_000, new Hint(bob, elsewhere, 4, 2)); // a repeat: not passed on again yet
        assertThat(sent(ownersNode)).hasSize(1);
        receive(from, RequestHints.PERIOD_MILLIS, new Hint(bob, elsewhere, 4, 2));
        assertThat(sent(ownersNode)).hasSize(2);

        receive(from, 0, new Hint(TestFeed.create().id(), elsewhere, 1, 0)); // ttl spent
        receive(from, 0, new Hint(TestFeed.create().id(), TestFeed.create().id(), 1, 2)); // nobody has the owner
        assertThat(hints.status().refused(Refusal.NO_ROUTE)).isEqualTo(2);
        assertThat(hints.carriedFeeds()).containsExactly(bob);
    }

    @Test
    void theLocalAsksAreSentWithTheRequestersHeadToEveryLinkedPeer() {
        TestFeed bob = TestFeed.create();
        store.append(bob.follow(owner));
        store.append(bob.next("request", "{\"box\":\"AAAA\"}"));
        FeedId alice = TestFeed.create().id();
        asks.add(new RequestRouting.Ask(bob.id(), alice));
        PeerSession a = peer();
        PeerSession b = peer();
        tick(0);
        Hint expected = new Hint(bob.id(), alice, 2, RequestHints.FIRST_TTL);
        assertThat(sent(a)).containsExactly(expected);
        assertThat(sent(b)).containsExactly(expected);
        tick(1_000); // not again before the period
        assertThat(sent(a)).hasSize(1);
        hints.localRequestMade();
        tick(2_000);
        assertThat(sent(a)).hasSize(2);
    }
}
