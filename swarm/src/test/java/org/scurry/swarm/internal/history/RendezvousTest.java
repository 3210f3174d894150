package org.scurry.swarm.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.history.HistoryServer;

class RendezvousTest {
    private static FeedId id() {
        return FeedId.of(Ed25519Signer.generate().publicKey());
    }

    private static List<HistoryServer> servers(int n, long capacity) {
        List<HistoryServer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new HistoryServer(id(), "h:" + i, capacity));
        }
        return out;
    }

    @Test
    void everyNodeRanksTheSameWhateverTheOrderItKnowsServersIn() {
        List<HistoryServer> s = servers(7, 100);
        FeedId feed = id();
        List<HistoryServer> reversed = new ArrayList<>(s);
        java.util.Collections.reverse(reversed);
        assertThat(Rendezvous.rank(feed, reversed)).isEqualTo(Rendezvous.rank(feed, s));
        assertThat(Rendezvous.top(feed, s, 3))
                .hasSize(3)
                .isEqualTo(Rendezvous.rank(feed, s).subList(0, 3));
        assertThat(Rendezvous.top(feed, s.subList(0, 2), 3)).hasSize(2);
    }

    @Test
    void losingAServerMovesOnlyItsFeedsToTheNextInTheirRanking() {
        List<HistoryServer> s = servers(5, 100);
        HistoryServer lost = s.get(2);
        List<HistoryServer> rest = new ArrayList<>(s);
        rest.remove(lost);
        for (int i = 0; i < 200; i++) {
            FeedId feed = id();
            List<HistoryServer> before = Rendezvous.top(feed, s, 3);
            List<HistoryServer> after = Rendezvous.top(feed, rest, 3);
            if (!before.contains(lost)) {
                assertThat(after).isEqualTo(before);
            } else {
                List<HistoryServer> kept = new ArrayList<>(before);
                kept.remove(lost);
                assertThat(after).containsAll(kept);
                assertThat(after.get(2)).isEqualTo(Rendezvous.rank(feed, s).get(3));
            }
        }
    }

    @Test
    void feedsSpreadOverServersInProportionToCapacity() {
        List<HistoryServer> s = servers(4, 100);
        HistoryServer big = new HistoryServer(id(), "big", 300);
        s.add(big);
        Map<FeedId, Integer> firsts = new HashMap<>();
        int feeds = 6000;
        for (int i = 0; i < feeds; i++) {
            firsts.merge(Rendezvous.top(id(), s, 1).get(0).id(), 1, Integer::sum);
        }
        // capacities 100 x4 + 300: the big one should rank first for about 300/700 of the feeds
        assertThat(firsts.get(big.id()) / (double) feeds).isBetween(0.38, 0.48);
        for (HistoryServer small : s.subList(0, 4)) {
            assertThat(firsts.get(small.id()) / (double) feeds).isBetween(0.11, 0.18);
        }
    }

    @Test
    void aServerKeepsAFeedItDroppedOutOfForTheGraceTimeThenReleasesIt() {
        List<HistoryServer> s = servers(4, 100);
        FeedId feed = id();
        List<HistoryServer> ranked = Rendezvous.rank(feed, s);
        HistoryServer fourth = ranked.get(3);
        Assignment a = new Assignment(fourth.id(), 3, Duration.ofSeconds(10));
        List<HistoryServer> withoutFirst = new ArrayList<>(s);
        withoutFirst.remove(ranked.get(0));

        assertThat(a.update(List.of(feed), s, 0)).isFalse();
        assertThat(a.update(List.of(feed), withoutFirst, 1000)).isTrue(); // takes over
        assertThat(a.isArchived(feed)).isTrue();
        assertThat(a.update(List.of(feed), s, 2000)).isFalse(); // the first is back: grace starts
        assertThat(a.releasing()).containsExactly(feed);
        assertThat(a.update(List.of(feed), s, 11_000)).isFalse();
        assertThat(a.update(List.of(feed), s, 12_000)).isTrue(); // released
        assertThat(a.isArchived(feed)).isFalse();
    }
}
