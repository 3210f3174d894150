package org.scurry.swarm.internal.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.wire.Message.Hello;
import org.scurry.swarm.wire.Message.Note;
import org.scurry.swarm.wire.Message.RangeRequest;
import org.scurry.testkit.TestFeed;

/** One link's state changes only through its methods: the rules they keep. */
class PeerSessionTest {
    private final FeedId feed = TestFeed.create().id();
    private final FeedId other = TestFeed.create().id();
    private final PeerSession s = new PeerSession(new StubLink(TestFeed.create().id()), 0);

    @Test
    void notesWaitForTheHelloAndAreTakenOnce() {
        s.noteDue(feed);
        assertThat(s.takeDueNotes(f -> 5)).as("before its Hello").isNull();

        s.greeted(new Hello("", 0, 1, 0));
        assertThat(s.takeDueNotes(f -> 5)).containsExactly(new Note(feed, 5, false));
        assertThat(s.toldSeq(feed)).isEqualTo(5L);
        assertThat(s.takeDueNotes(f -> 5)).as("already taken").isNull();
    }

    @Test
    void aFeedNoLongerHeldIsToldWithSeqMinusOneAndForgotten() {
        s.greeted(new Hello("", 0, 1, 0));
        s.noteDue(feed);
        s.takeDueNotes(f -> 3);
        s.noteDue(feed);
        assertThat(s.takeDueNotes(f -> -1)).containsExactly(new Note(feed, -1, false));
        assertThat(s.told(feed)).isFalse();
    }

    @Test
    void itsSourceFeedsAreAskedToStreamUntilItIsReplaced() {
        s.greeted(new Hello("", 0, 1, 0));
        s.chosenAsSource(feed);
        assertThat(s.takeDueNotes(f -> 2)).containsExactly(new Note(feed, 2, true));
        s.delivering(feed);
        assertThat(s.hasDelivered(feed)).isTrue();

        s.replacedAsSource(feed);
        assertThat(s.sourceFeeds()).isEmpty();
        assertThat(s.takeDueNotes(f -> 2)).containsExactly(new Note(feed, 2, false));

        s.chosenAsSource(feed);
        assertThat(s.hasDelivered(feed))
                .as("chosen again: nothing delivered since")
                .isFalse();
    }

    @Test
    void aMatchingDigestRestoresWhatWasToldLastSessionAndAnotherDoesNot() {
        Map<FeedId, Long> sent = Map.of(feed, 7L);
        s.remember(Map.of(other, 4L), sent);
        assertThat(s.remoteSeq(other)).isEqualTo(4L);

        s.greeted(new Hello("", ClockDigest.of(sent) ^ 1, 2, 0));
        assertThat(s.told(feed)).as("digests differ: everything is told again").isFalse();

        PeerSession again = new PeerSession(new StubLink(TestFeed.create().id()), 0);
        again.remember(Map.of(), sent);
        again.greeted(new Hello("", ClockDigest.of(sent), 2, 0));
        assertThat(again.toldSeq(feed)).isEqualTo(7L);
    }

    @Test
    void streamingStopsWhenThePeerDropsTheFeed() {
        s.noted(feed, 1);
        s.streamFrom(feed, 1, true);
        assertThat(s.streamedTo(feed)).isTrue();
        assertThat(s.hasPendingFeeds()).isTrue();

        s.dropped(feed);
        assertThat(s.interestedIn(feed)).isFalse();
        assertThat(s.streamedTo(feed)).isFalse();
        assertThat(s.hasPendingFeeds()).isFalse();
    }

    @Test
    void onePumpTurnIsClaimedAtATimeAndOnlyWithWork() {
        assertThat(s.claimPump()).as("no work").isFalse();
        s.queueRequest(new RangeRequest(feed, 1, 1));
        assertThat(s.claimPump()).isTrue();
        assertThat(s.claimPump()).as("already scheduled").isFalse();
        s.pumpStarted();
        assertThat(s.nextRequest()).isEqualTo(new RangeRequest(feed, 1, 1));
        assertThat(s.claimPump()).as("nothing left").isFalse();
        assertThat(s.hasWork()).isFalse();
    }

    @Test
    void unknownTypesAreCountedAlwaysAndLoggedOnceEachUpToTheLimit() {
        assertThat(s.unknownMessage(0x70, 1)).isTrue();
        assertThat(s.unknownMessage(0x70, 1)).as("type already logged").isFalse();
        assertThat(s.unknownMessage(0x71, 1)).as("limit reached").isFalse();
        assertThat(s.info().unknownMessages()).isEqualTo(3);
    }
}
