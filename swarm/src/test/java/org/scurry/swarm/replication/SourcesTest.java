package org.scurry.swarm.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.store.MemoryStore;
import org.scurry.swarm.testkit.TestFeed;

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
        s.helloReceived = true;
        s.remoteSeq.put(feed, seq);
        sessions.add(s);
        return s;
    }

    @Test
    void aSourceSilentPastTheTimeoutWhileAnotherPeerHasMoreIsReplaced() {
        sources = sources();
        PeerSession first = session(author.id(), 0);
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
        assertThat(second.weReceive).contains(author.id());
        assertThat(first.weReceive).doesNotContain(author.id());
    }

    @Test
    void aFeedNoPeerIsAheadOnIsLeftAloneAndLookedAtAgainWhenAPeerNotesMore() {
        sources = sources();
        PeerSession first = session(author.id(), 0);
        sources.offered(first, List.of(author.id()));
        now = 5_000;
        sources.failOverStalled(now); // nobody is ahead: nothing to do, the feed is dropped from the check
        assertThat(sources.of(author.id())).isSameAs(first);

        PeerSession second = session(author.id(), 3);
        sources.noted(author.id());
        now = 10_000;
        sources.failOverStalled(now);
        assertThat(sources.of(author.id())).isSameAs(second);
    }
}
