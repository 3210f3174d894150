package org.scurry.swarm.internal.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.swarm.wire.Message.Hello;
import org.scurry.testkit.TestFeed;

/** One source per feed, and fail-over from a silent source, on stub links (no network). */
class SourcesTest {
    private final MemoryStore store = new MemoryStore();
    private final TestFeed me = TestFeed.create();
    private final TestFeed author = TestFeed.create();
    private final List<PeerSession> sessions = new ArrayList<>();
    private long now = 0;
    private Sources sources;

    private Sources sources() {
        store.append(me.follow(author.id()));
        WantedFeeds wanted = new WantedFeeds(store, 1);
        wanted.addLocal(me.id());
        wanted.recompute();
        return new Sources(wanted, store, sessions, 1_000, s -> {}, () -> now);
    }

    private PeerSession session(FeedId feed, long seq) {
        PeerSession s = new PeerSession(new StubLink(TestFeed.create().id()), now);
        s.greeted(new Hello("", 0, 1, 0));
        s.noted(feed, seq);
        sessions.add(s);
        return s;
    }

    @Test
    void aPeerThatHoldsNoMoreThanWeDoIsNotChosen() {
        sources = sources();
        PeerSession level = session(author.id(), 0);
        sources.offered(level, List.of(author.id()));
        assertThat(sources.of(author.id())).as("a level peer is no source").isNull();
        assertThat(level.sourceFeeds()).isEmpty();

        level.noted(author.id(), 4L); // its next note: it got entries we lack
        sources.offered(level, List.of(author.id()));
        assertThat(sources.of(author.id())).isSameAs(level);
        assertThat(level.sourceFeeds()).contains(author.id());
    }

    @Test
    void aSourceThatHasDeliveredIsKeptWhenAnotherPeerNotesMore() {
        sources = sources();
        PeerSession first = session(author.id(), 2);
        sources.offered(first, List.of(author.id()));
        assertThat(sources.of(author.id())).isSameAs(first);
        store.append(author.post("one"));
        store.append(author.post("two"));
        store.append(author.post("three")); // we now hold more than it advertised

        PeerSession second = session(author.id(), 9);
        sources.offered(second, List.of(author.id()));
        assertThat(sources.of(author.id()))
                .as("it delivered nothing: idle, replaced")
                .isSameAs(second);

        second.delivering(author.id()); // its entries reached us (IncomingEntries.arriving)
        PeerSession third = session(author.id(), 20);
        sources.offered(third, List.of(author.id()));
        assertThat(sources.of(author.id()))
                .as("a delivering source waits for the timeout")
                .isSameAs(second);
    }

    @Test
    void aSourceSilentPastTheTimeoutWhileAnotherPeerHasMoreIsReplaced() {
        sources = sources();
        PeerSession first = session(author.id(), 2);
        sources.offered(first, List.of(author.id()));
        assertThat(sources.of(author.id())).isSameAs(first);

        // another peer notes seq 5; the source stays silent (it sends nothing, not even a note)
        PeerSession second = session(author.id(), 5);
        sources.noted(author.id());
        now = 500;
        sources.failOverStalled(now);
        assertThat(sources.of(author.id())).as("within the timeout").isSameAs(first);
        now = 1_500;
        sources.failOverStalled(now);
        assertThat(sources.of(author.id())).isSameAs(second);
        assertThat(second.sourceFeeds()).contains(author.id());
        assertThat(first.sourceFeeds()).doesNotContain(author.id());
    }

    @Test
    void aFeedNoPeerIsAheadOnIsLeftAloneAndLookedAtAgainWhenAPeerNotesMore() {
        sources = sources();
        PeerSession first = session(author.id(), 0);
        sources.offered(first, List.of(author.id()));
        now = 5_000;
        sources.failOverStalled(now); // nobody is ahead: nothing to do, the feed is dropped from the check
        assertThat(sources.of(author.id())).isNull();

        PeerSession second = session(author.id(), 3);
        sources.noted(author.id());
        now = 10_000;
        sources.failOverStalled(now);
        assertThat(sources.of(author.id())).isSameAs(second);
    }
}
