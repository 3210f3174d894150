package org.scurry.swarm.internal.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.testkit.TestFeed;

/** The link policy's arithmetic, on follow graphs held in a store (no links: sessions are empty). */
class CoverageTest {
    private final MemoryStore store = new MemoryStore();

    private Coverage coverage(TestFeed me) {
        WantedFeeds wanted = new WantedFeeds(store, 2);
        wanted.addLocal(me.id());
        wanted.recompute();
        return new Coverage(me.id(), wanted, List.of());
    }

    private void follows(TestFeed who, TestFeed... whom) {
        for (TestFeed w : whom) {
            store.append(who.follow(w.id()));
        }
    }

    @Test
    void greedyPicksTheFriendWhoCoversMostThenTheAuthorsLeft() {
        TestFeed me = TestFeed.create();
        TestFeed hub = TestFeed.create();
        TestFeed a = TestFeed.create();
        TestFeed b = TestFeed.create();
        TestFeed loner = TestFeed.create();
        follows(me, hub, a, b, loner);
        follows(hub, a, b); // hub replicates a and b at its hop 1: a link to it covers three feeds
        Coverage c = coverage(me);

        Set<FeedId> open = c.uncovered(List.of());
        assertThat(open).containsExactlyInAnyOrder(hub.id(), a.id(), b.id(), loner.id());
        List<FeedId> all = List.of(a.id(), b.id(), loner.id(), hub.id());
        assertThat(c.choose(open, all, 32)).containsExactlyInAnyOrder(hub.id(), loner.id());
        assertThat(c.choose(open, all, 1)).containsExactly(hub.id());
        // A link being dialled to the hub already covers a and b.
        assertThat(c.uncovered(List.of(hub.id()))).containsExactly(loner.id());
        // An author nobody can be dialled for (no address, offline) is not covered by anyone else.
        assertThat(c.choose(Set.of(loner.id()), List.of(hub.id(), a.id()), 32)).isEmpty();
    }

    @Test
    void ofTwoFriendsWhoFollowEachOtherOnlyTheOneWithTheLargerIdCountsTheOther() {
        TestFeed x = TestFeed.create();
        TestFeed y = TestFeed.create();
        TestFeed author = TestFeed.create();
        follows(x, y, author);
        follows(y, x, author);
        FeedId small = x.id().compareTo(y.id()) < 0 ? x.id() : y.id();
        FeedId large = small.equals(x.id()) ? y.id() : x.id();
        TestFeed smallFeed = small.equals(x.id()) ? x : y;
        TestFeed largeFeed = small.equals(x.id()) ? y : x;

        // Otherwise each would take the other as its route to the author and neither would link it.
        assertThat(coverage(largeFeed).covers(small, author.id())).isTrue();
        assertThat(coverage(smallFeed).covers(large, author.id())).isFalse();
        assertThat(coverage(smallFeed).covers(author.id(), author.id())).isTrue();
    }

    @Test
    void aPeerThatIsNotFollowedDoesNotCoverWhatItReplicates() {
        TestFeed me = TestFeed.create();
        TestFeed follower = TestFeed.create();
        TestFeed author = TestFeed.create();
        follows(me, author);
        follows(follower, me, author); // it replicates the author, but may get it from us alone
        assertThat(coverage(me).covers(follower.id(), author.id())).isFalse();
    }
}
