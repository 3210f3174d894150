package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.ForkProof;
import org.scurry.swarm.Kind;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.AppendResult.Status;
import org.scurry.swarm.spi.Arrival;
import org.scurry.swarm.spi.Store;
import org.scurry.testkit.TestFeed;

/** The {@link Store} contract, run against every implementation by a subclass. */
abstract class StoreContractTest {
    protected Store store;

    /** A new, empty store. */
    protected abstract Store newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static List<Status> statuses(List<AppendResult> results) {
        return results.stream().map(AppendResult::status).toList();
    }

    @Test
    void aChainIsAppendedAndReadBackEveryWay() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(5);

        assertThat(statuses(store.appendAll(chain))).containsOnly(Status.APPENDED);

        assertThat(store.latestSeq(alice.id())).isEqualTo(5);
        assertThat(store.latest(alice.id())).contains(chain.get(4));
        assertThat(store.get(alice.id(), 3)).contains(chain.get(2));
        assertThat(store.get(chain.get(1).id())).contains(chain.get(1));
        assertThat(store.range(alice.id(), 2, 4, 10)).containsExactly(chain.get(1), chain.get(2), chain.get(3));
        assertThat(store.feedPage(alice.id(), Long.MAX_VALUE, 2)).containsExactly(chain.get(4), chain.get(3));
    }

    @Test
    void unknownFeedsAndIdsReadAsEmpty() {
        TestFeed nobody = TestFeed.create();
        Entry notStored = TestFeed.create().post("never appended");

        assertThat(store.latestSeq(nobody.id())).isZero();
        assertThat(store.latest(nobody.id())).isEmpty();
        assertThat(store.get(nobody.id(), 1)).isEmpty();
        assertThat(store.get(notStored.id())).isEmpty();
        assertThat(store.range(nobody.id(), 1, 10, 10)).isEmpty();
        assertThat(store.feedPage(nobody.id(), Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.fork(nobody.id())).isEmpty();
        assertThat(store.follows(nobody.id())).isEmpty();
        assertThat(store.displayName(nobody.id())).isEmpty();
    }

    @Test
    void rangeAndFeedPageRespectTheirBoundsAndLimits() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(10);
        store.appendAll(chain);

        assertThat(store.range(alice.id(), 0, 100, 3)).containsExactlyElementsOf(chain.subList(0, 3));
        assertThat(store.range(alice.id(), 9, 100, 5)).containsExactlyElementsOf(chain.subList(8, 10));
        assertThat(store.range(alice.id(), 11, 20, 5)).isEmpty();
        assertThat(store.feedPage(alice.id(), 4, 10)).containsExactly(chain.get(2), chain.get(1), chain.get(0));
        assertThat(store.feedPage(alice.id(), 1, 10)).isEmpty();
    }

    @Test
    void reofferedEntryIsADuplicateAndChangesNothing() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(3);
        store.appendAll(chain);

        assertThat(store.append(chain.get(1)).status()).isEqualTo(Status.DUPLICATE);
        assertThat(store.append(chain.get(2)).status()).isEqualTo(Status.DUPLICATE);
        assertThat(store.latestSeq(alice.id())).isEqualTo(3);
        assertThat(store.stats().entries()).isEqualTo(3);
    }

    @Test
    void entryBeyondTheHeadIsAGapAndNotStored() {
        TestFeed alice = TestFeed.create();
        store.appendAll(alice.posts(2));
        Entry far = alice.detached(5, alice.head().id());

        AppendResult result = store.append(far);

        assertThat(result.status()).isEqualTo(Status.GAP);
        assertThat(result.detail()).contains("5");
        assertThat(store.latestSeq(alice.id())).isEqualTo(2);
        assertThat(store.get(far.id())).isEmpty();
    }

    @Test
    void firstEntryOfAnUnknownFeedMustBeSeqOne() {
        TestFeed alice = TestFeed.create();
        alice.posts(1);
        Entry second = alice.post("two");

        assertThat(store.append(second).status()).isEqualTo(Status.GAP);
        assertThat(store.clock()).doesNotContainKey(alice.id());
    }

    @Test
    void nextSeqWithAnotherPrevIsBadPrev() {
        TestFeed alice = TestFeed.create();
        store.appendAll(alice.posts(3));
        Entry wrongPrev = alice.detached(4, alice.forkOf(alice.head()).id());

        assertThat(store.append(wrongPrev).status()).isEqualTo(Status.BAD_PREV);
        assertThat(store.latestSeq(alice.id())).isEqualTo(3);
        assertThat(store.get(wrongPrev.id())).isEmpty();
    }

    @Test
    void forkedFeedKeepsTheFirstEntryAndStoresTheProof() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(3);
        store.appendAll(chain);
        Entry other = alice.forkOf(chain.get(1));

        AppendResult result = store.append(other);

        assertThat(result.status()).isEqualTo(Status.FORK);
        assertThat(store.get(alice.id(), 2)).contains(chain.get(1));
        assertThat(store.get(other.id())).isEmpty();
        ForkProof proof = store.fork(alice.id()).orElseThrow();
        assertThat(proof.kept()).isEqualTo(chain.get(1));
        assertThat(proof.rejected()).isEqualTo(other);
        assertThat(store.latestSeq(alice.id())).isEqualTo(3);
    }

    @Test
    void laterForksDoNotReplaceTheFirstProof() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(3);
        store.appendAll(chain);
        Entry first = alice.forkOf(chain.get(0));
        store.append(first);

        assertThat(store.append(alice.forkOf(chain.get(2))).status()).isEqualTo(Status.FORK);
        assertThat(store.fork(alice.id()).orElseThrow().rejected()).isEqualTo(first);
    }

    @Test
    void appendAllLetsAnEntryBuildOnAnEarlierOneOfTheSameList() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        Entry a1 = alice.post("a1");
        Entry b1 = bob.post("b1");
        Entry a2 = alice.post("a2");
        Entry a2fork = alice.forkOf(a2);
        Entry a4 = alice.detached(4, a2.id());
        Entry b2 = bob.post("b2");

        List<AppendResult> results = store.appendAll(List.of(a1, b1, a2, a1, a2fork, a4, b2));

        assertThat(statuses(results))
                .containsExactly(
                        Status.APPENDED,
                        Status.APPENDED,
                        Status.APPENDED,
                        Status.DUPLICATE,
                        Status.FORK,
                        Status.GAP,
                        Status.APPENDED);
        assertThat(results.get(4).entry()).isEqualTo(a2fork);
        assertThat(store.clock()).isEqualTo(Map.of(alice.id(), 2L, bob.id(), 2L));
        assertThat(store.fork(alice.id()).orElseThrow().kept()).isEqualTo(a2);
    }

    @Test
    void timelinePagesNewestFirstAcrossFeedsWithTiesInTimestamps() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        TestFeed carol = TestFeed.create();
        long t = TestFeed.BASE_TIME;
        List<Entry> appended = new ArrayList<>();
        // Ties across feeds and within a feed; one author clock going backwards.
        for (int i = 0; i < 6; i++) {
            appended.add(alice.post("a" + i, t + (i / 2) * 1000));
            appended.add(bob.post("b" + i, t + (i / 2) * 1000));
            appended.add(carol.post("c" + i, t + 5000 - i * 1000));
        }
        for (Entry e : appended) {
            assertThat(store.append(e).status()).isEqualTo(Status.APPENDED);
        }
        // Arrival order is the order of appends: newest first by (timestamp, arrival).
        List<Entry> expected = new ArrayList<>(appended);
        Map<Entry, Integer> arrival = new java.util.HashMap<>();
        for (int i = 0; i < appended.size(); i++) {
            arrival.put(appended.get(i), i);
        }
        expected.sort(Comparator.comparingLong(Entry::timestamp)
                .thenComparing(arrival::get)
                .reversed());

        List<Entry> seen = new ArrayList<>();
        TimelineCursor cursor = null;
        int pages = 0;
        do {
            TimelinePage page = store.timeline(List.of(alice.id(), bob.id(), carol.id()), cursor, 4);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(4);
            seen.addAll(page.entries());
            cursor = page.next() == null
                    ? null
                    : TimelineCursor.parse(page.next().toString());
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(5); // 18 entries in pages of 4: the last page is 2
    }

    @Test
    void timelineShowsOnlyTheGivenFeedsAndEndsWithoutACursor() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        List<Entry> mine = alice.posts(3);
        store.appendAll(mine);
        store.appendAll(bob.posts(3));

        TimelinePage page = store.timeline(List.of(alice.id(), TestFeed.create().id()), null, 10);

        assertThat(page.entries()).containsExactly(mine.get(2), mine.get(1), mine.get(0));
        assertThat(page.next()).isNull();
        assertThat(store.timeline(List.of(), null, 10).entries()).isEmpty();
        assertThatThrownBy(() -> store.timeline(List.of(alice.id()), null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactlyFullLastPageHasNoNextCursor() {
        TestFeed alice = TestFeed.create();
        store.appendAll(alice.posts(4));

        TimelinePage first = store.timeline(List.of(alice.id()), null, 2);
        TimelinePage second = store.timeline(List.of(alice.id()), first.next(), 2);

        assertThat(first.next()).isNotNull();
        assertThat(second.entries()).hasSize(2);
        assertThat(second.next()).isNull();
    }

    @Test
    void followsFollowTheLatestFollowAndUnfollowEntries() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        TestFeed carol = TestFeed.create();
        store.appendAll(List.of(alice.follow(bob.id()), alice.follow(carol.id()), alice.unfollow(bob.id())));

        assertThat(store.follows(alice.id())).containsExactly(carol.id());

        store.append(alice.follow(bob.id()));
        assertThat(store.follows(alice.id())).containsExactlyInAnyOrder(bob.id(), carol.id());
        assertThat(store.follows(bob.id())).isEmpty();
    }

    @Test
    void malformedFollowAndProfileContentIsStoredButDerivesNothing() {
        TestFeed alice = TestFeed.create();
        List<Entry> odd = List.of(
                alice.next(Kind.FOLLOW, "{\"feed\": 42}"),
                alice.next(Kind.FOLLOW, "{\"feed\": \"@not-a-feed\"}"),
                alice.next(Kind.UNFOLLOW, "[1, 2]"),
                alice.next(Kind.PROFILE, "{\"name\": {\"first\": \"A\"}}"),
                alice.next(Kind.PROFILE, "not json at all"));

        assertThat(statuses(store.appendAll(odd))).containsOnly(Status.APPENDED);
        assertThat(store.follows(alice.id())).isEmpty();
        assertThat(store.displayName(alice.id())).isEmpty();
    }

    @Test
    void displayNameComesFromTheLatestProfileThatSetOne() {
        TestFeed alice = TestFeed.create();
        store.append(alice.profile("Alice", "first"));
        store.append(alice.profile("Alice Liddell", "second"));
        store.append(alice.next(Kind.PROFILE, "{\"bio\": \"only a bio\"}"));

        assertThat(store.displayName(alice.id())).contains("Alice Liddell");
    }

    @Test
    void feedsAreFoundByNameIgnoringCase() {
        TestFeed alice = TestFeed.create();
        TestFeed otherAlice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        store.appendAll(List.of(alice.profile("Alice", ""), otherAlice.profile("ALICE", ""), bob.profile("Bob", "")));
        store.append(bob.profile("Robert", ""));

        assertThat(store.feedsNamed("alice")).containsExactlyInAnyOrder(alice.id(), otherAlice.id());
        assertThat(store.feedsNamed("Bob")).isEmpty();
        assertThat(store.feedsNamed("robert")).containsExactly(bob.id());
    }

    @Test
    void clockAndStatsCountEveryFeedHeld() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        store.appendAll(alice.posts(4));
        store.appendAll(bob.posts(2));
        // a followed feed is known by name only: it is not held
        store.append(alice.follow(TestFeed.create().id()));

        assertThat(store.clock()).isEqualTo(Map.of(alice.id(), 5L, bob.id(), 2L));
        assertThat(store.stats().feeds()).isEqualTo(2);
        assertThat(store.stats().entries()).isEqualTo(7);
    }

    @Test
    void peerClocksAreReplacedWholesalePerPeerAndDirection() {
        TestFeed peer = TestFeed.create();
        TestFeed a = TestFeed.create();
        TestFeed b = TestFeed.create();
        store.savePeerClock(peer.id(), "received", Map.of(a.id(), 5L, b.id(), 7L));
        store.savePeerClock(peer.id(), "sent", Map.of(a.id(), 1L));

        store.savePeerClock(peer.id(), "received", Map.of(b.id(), 9L));

        assertThat(store.loadPeerClock(peer.id(), "received")).isEqualTo(Map.of(b.id(), 9L));
        assertThat(store.loadPeerClock(peer.id(), "sent")).isEqualTo(Map.of(a.id(), 1L));
        assertThat(store.loadPeerClock(a.id(), "sent")).isEmpty();
        assertThatThrownBy(() -> store.savePeerClock(peer.id(), "sideways", Map.of()))
                .hasMessageContaining("sideways");
        store.savePeerClock(peer.id(), "sent", Map.of());
        assertThat(store.loadPeerClock(peer.id(), "sent")).isEmpty();
    }

    @Test
    void idsThatShareNoPrefixAreNotConfused() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(50);
        store.appendAll(chain);

        for (Entry e : chain) {
            assertThat(store.get(e.id())).contains(e);
        }
        byte[] other = chain.get(0).id().toBytes();
        other[31] ^= 1; // same 8-byte prefix, different id
        assertThat(store.get(EntryId.ofBytes(other))).isEmpty();
    }

    @Test
    void pruneKeepsAContiguousSuffixAndNeverTheHead() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        List<Entry> chain = alice.posts(10);
        store.appendAll(chain);
        store.appendAll(bob.posts(3));
        assertThat(store.oldestSeq(alice.id())).isEqualTo(1);

        assertThat(store.prune(alice.id(), 7)).isEqualTo(6);

        assertThat(store.oldestSeq(alice.id())).isEqualTo(7);
        assertThat(store.latestSeq(alice.id())).isEqualTo(10);
        assertThat(store.get(alice.id(), 6)).isEmpty();
        assertThat(store.get(chain.get(0).id())).isEmpty();
        assertThat(store.get(alice.id(), 7)).contains(chain.get(6));
        assertThat(store.range(alice.id(), 1, 100, 100)).containsExactlyElementsOf(chain.subList(6, 10));
        assertThat(store.feedPage(alice.id(), Long.MAX_VALUE, 100)).hasSize(4);
        assertThat(store.feedPage(alice.id(), 9, 5)).containsExactly(chain.get(7), chain.get(6));
        assertThat(store.timeline(List.of(alice.id()), null, 100).entries()).hasSize(4);
        assertThat(store.stats().entries()).isEqualTo(4 + 3);
        assertThat(store.clock()).containsEntry(alice.id(), 10L);
        assertThat(store.oldestSeq(bob.id())).isEqualTo(1);
        // pruning at or below the oldest seq does nothing; the head always stays
        assertThat(store.prune(alice.id(), 5)).isZero();
        assertThat(store.prune(alice.id(), Long.MAX_VALUE)).isEqualTo(3);
        assertThat(store.oldestSeq(alice.id())).isEqualTo(10);
        assertThat(store.latest(alice.id())).contains(chain.get(9));
        assertThat(store.prune(TestFeed.create().id(), 5)).isZero();
    }

    @Test
    void prunedFeedKeepsAppendingAndTakesOlderEntriesAsUncheckedDuplicates() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(10);
        store.appendAll(chain);
        store.prune(alice.id(), 8);

        AppendResult old = store.append(chain.get(2));
        AppendResult forkBelow = store.append(alice.forkOf(chain.get(3)));
        AppendResult next = store.append(alice.post("eleven"));

        assertThat(old.status()).isEqualTo(Status.DUPLICATE);
        assertThat(old.detail()).contains("pruned");
        assertThat(forkBelow.status()).isEqualTo(Status.DUPLICATE);
        assertThat(store.fork(alice.id())).isEmpty();
        assertThat(next.status()).isEqualTo(Status.APPENDED);
        assertThat(store.range(alice.id(), 1, 100, 100)).extracting(Entry::seq).containsExactly(8L, 9L, 10L, 11L);
        // a fork at a seq still held is still caught
        assertThat(store.append(alice.forkOf(chain.get(8))).status()).isEqualTo(Status.FORK);
    }

    @Test
    void aPrunedPastIsRestoredBelowTheOldestEntryInSteps() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(10);
        store.appendAll(chain);
        Entry follow = store.append(alice.follow(TestFeed.create().id())).entry();
        Set<org.scurry.swarm.FeedId> follows = store.follows(alice.id());
        store.prune(alice.id(), 9);

        assertThat(store.restoreBelow(alice.id(), chain.subList(4, 8))).isEqualTo(5);
        assertThat(store.oldestSeq(alice.id())).isEqualTo(5);
        assertThat(store.stats().entries()).isEqualTo(7);
        assertThat(store.restoreBelow(alice.id(), chain.subList(0, 4))).isEqualTo(1);

        assertThat(store.oldestSeq(alice.id())).isEqualTo(1);
        assertThat(store.latest(alice.id())).contains(follow);
        assertThat(store.range(alice.id(), 1, 100, 100)).containsExactlyElementsOf(append(chain, follow));
        assertThat(store.get(chain.get(0).id())).contains(chain.get(0));
        assertThat(store.feedPage(alice.id(), 3, 10)).containsExactly(chain.get(1), chain.get(0));
        assertThat(store.timeline(List.of(alice.id()), null, 100).entries()).hasSize(11);
        assertThat(store.stats().entries()).isEqualTo(11);
        assertThat(store.follows(alice.id())).isEqualTo(follows); // derived state untouched
        // the whole chain is back: a fork below the old low is caught again
        assertThat(store.append(alice.forkOf(chain.get(2))).status()).isEqualTo(Status.FORK);
    }

    @Test
    void aRestoreThatDoesNotJoinTheOldestEntryIsRefusedWhole() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(10);
        store.appendAll(chain);
        store.prune(alice.id(), 6);

        assertThatThrownBy(() -> store.restoreBelow(alice.id(), chain.subList(0, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq 4 does not join the oldest entry held (seq 6)");
        List<Entry> forked = new ArrayList<>(chain.subList(2, 4));
        forked.add(alice.forkOf(chain.get(4)));
        assertThatThrownBy(() -> store.restoreBelow(alice.id(), forked))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not join");
        assertThatThrownBy(() -> store.restoreBelow(alice.id(), List.of(chain.get(2), chain.get(4))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq 5 does not follow seq 3");
        assertThatThrownBy(() -> store.restoreBelow(TestFeed.create().id(), chain.subList(0, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pruned past");

        assertThat(store.oldestSeq(alice.id())).isEqualTo(6);
        assertThat(store.get(alice.id(), 5)).isEmpty();
        assertThat(store.stats().entries()).isEqualTo(5);
    }

    private static List<Entry> append(List<Entry> list, Entry e) {
        List<Entry> out = new ArrayList<>(list);
        out.add(e);
        return out;
    }

    @Test
    void entriesAreReadInTheOrderTheStoreTookThemFromAPosition() {
        assertThat(store.lastArrival()).isZero();
        assertThat(store.arrivedSince(0, 10)).isEmpty();
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        List<Entry> a = alice.posts(3);
        List<Entry> b = bob.posts(2);
        store.appendAll(List.of(a.get(0), b.get(0)));
        store.append(a.get(1));
        store.appendAll(List.of(b.get(1), a.get(2)));

        List<Arrival> all = store.arrivedSince(0, 100);

        assertThat(all).extracting(Arrival::entry).containsExactly(a.get(0), b.get(0), a.get(1), b.get(1), a.get(2));
        assertThat(all)
                .extracting(Arrival::position)
                .isSorted()
                .doesNotHaveDuplicates()
                .allMatch(p -> p > 0);
        assertThat(store.lastArrival()).isEqualTo(all.get(4).position());
        // from any position: strictly after it, at most limit
        assertThat(store.arrivedSince(all.get(1).position(), 2)).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(store.arrivedSince(all.get(4).position(), 10)).isEmpty();
        assertThatThrownBy(() -> store.arrivedSince(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entriesNotStoredTakeNoPosition() {
        TestFeed alice = TestFeed.create();
        List<Entry> chain = alice.posts(3);
        store.appendAll(chain.subList(0, 2));
        long before = store.lastArrival();

        store.append(chain.get(0)); // duplicate
        store.append(alice.forkOf(chain.get(1))); // fork
        store.append(TestFeed.create().posts(2).get(1)); // gap

        assertThat(store.lastArrival()).isEqualTo(before);
        assertThat(store.arrivedSince(before, 10)).isEmpty();
        store.append(chain.get(2));
        assertThat(store.arrivedSince(before, 10)).extracting(Arrival::entry).containsExactly(chain.get(2));
    }

    @Test
    void prunedEntriesAreNotReadAndRestoredOnesComeLast() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        List<Entry> chain = alice.posts(6);
        store.appendAll(chain);
        Entry bobs = store.append(bob.post("bob")).entry();
        store.prune(alice.id(), 5);

        assertThat(store.arrivedSince(0, 100))
                .extracting(Arrival::entry)
                .containsExactly(chain.get(4), chain.get(5), bobs);
        long end = store.lastArrival();

        store.restoreBelow(alice.id(), chain.subList(0, 4));

        assertThat(store.arrivedSince(end, 100))
                .extracting(Arrival::entry)
                .containsExactlyElementsOf(chain.subList(0, 4));
        assertThat(store.arrivedSince(0, 100)).hasSize(7);
    }

    @Test
    void closeIsIdempotent() {
        store.close();
        store.close();
    }

    protected static Set<Status> allStatuses() {
        return Set.of(Status.values());
    }

    @Test
    void repliesAreFoundByTheirParentAndByTheirOwnId() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        Entry root = alice.post("root");
        store.append(root);
        Entry r1 = bob.reply("first", root);
        Entry unrelated = bob.post("not a reply");
        Entry r2 = alice.reply("second", root);
        Entry r11 = alice.reply("to the first", r1);
        Entry oldStyle = bob.next(Kind.POST, "{\"text\":\"id only\",\"replyTo\":\"" + root.id() + "\"}");
        store.appendAll(List.of(r1, unrelated, r2, r11));
        store.append(oldStyle);

        assertThat(store.replies(root.id())).containsExactlyInAnyOrder(r1, r2, oldStyle);
        assertThat(store.replies(r1.id())).containsExactly(r11);
        assertThat(store.replies(r11.id())).isEmpty();
        assertThat(store.get(r11.id())).contains(r11);
        assertThat(store.get(root.id())).contains(root);
        assertThat(store.replies(List.of(root.id(), r1.id(), unrelated.id())))
                .containsExactlyInAnyOrder(r1, r2, oldStyle, r11);
        assertThat(store.replies(List.of())).isEmpty();
    }

    @Test
    void repliesOfMoreParentsThanOneStatementTakesAreAllFound() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        List<Entry> parents = alice.posts(150);
        store.appendAll(parents);
        List<Entry> answers = new ArrayList<>();
        for (Entry p : parents) {
            answers.add(bob.reply("re " + p.seq(), p));
        }
        store.appendAll(answers);
        assertThat(store.replies(parents.stream().map(Entry::id).toList()))
                .containsExactlyInAnyOrderElementsOf(answers);
    }

    @Test
    void profilePostsAndFollowersAreCountedAsEntriesArrive() {
        TestFeed alice = TestFeed.create();
        TestFeed bob = TestFeed.create();
        TestFeed carol = TestFeed.create();
        Entry first = alice.profile("Alice", "first bio");
        store.appendAll(List.of(first, alice.post("one"), alice.post("two"), alice.follow(bob.id())));
        assertThat(store.latestProfile(alice.id())).contains(first);
        Entry second = alice.next(Kind.PROFILE, "{\"bio\":\"second\",\"link\":\"https://example.org\"}");
        store.appendAll(List.of(second, alice.post("three")));
        store.appendAll(List.of(bob.follow(alice.id()), carol.follow(alice.id()), carol.post("hi")));

        assertThat(store.latestProfile(alice.id())).contains(second);
        assertThat(store.latestProfile(carol.id())).isEmpty();
        assertThat(store.postsStored(alice.id())).isEqualTo(3);
        assertThat(store.postsStored(bob.id())).isZero();
        assertThat(store.followersKnown(alice.id())).isEqualTo(2);
        assertThat(store.followersKnown(bob.id())).isEqualTo(1);

        store.append(carol.unfollow(alice.id()));
        assertThat(store.followersKnown(alice.id())).isEqualTo(1);
    }
}
