package org.scurry.swarm.internal.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.protect.ProtectException;
import org.scurry.swarm.protect.ProtectException.Reason;
import org.scurry.swarm.protect.Protection;
import org.scurry.testkit.TestFeed;
import org.scurry.testkit.TestSwarm;

/**
 * Requests, approvals, denials and the refusals of docs/protected.md on one node that hosts several
 * identities (as a gateway does), and hand-made hostile entries signed by a protected feed's key.
 */
class ProtectionTest {
    private TestSwarm swarm;
    private Node node;
    private final Ed25519Signer aliceKey = Ed25519Signer.generate();
    private final Ed25519Signer bobKey = Ed25519Signer.generate();
    private final Ed25519Signer carolKey = Ed25519Signer.generate();
    private final FeedId alice = FeedId.of(aliceKey.publicKey());
    private final FeedId bob = FeedId.of(bobKey.publicKey());
    private final FeedId carol = FeedId.of(carolKey.publicKey());

    @BeforeEach
    void start() {
        swarm = new TestSwarm();
        node = swarm.node();
    }

    @AfterEach
    void stop() {
        swarm.close();
    }

    private void hostAll() {
        node.host(aliceKey);
        node.host(bobKey);
        node.host(carolKey);
    }

    private String text(FeedId reader, Entry e) {
        Entry seen = node.read(reader, e);
        return Kind.POST.equals(seen.kind())
                ? EntryValidator.checkContent(seen).path("text").asText()
                : "(" + seen.kind() + ")";
    }

    @Test
    void followingAProtectedFeedSendsARequestOnlyItsOwnerCanReadAndApprovalOpensThePosts() {
        hostAll();
        Protection p = node.protection();
        p.setProtected(alice, true);
        Entry secret = node.post(alice, "for approved eyes", null);

        node.follow(bob, alice); // publishes a request as well
        Entry carolsRequest = p.request(carol, alice, "it's carol from school");
        node.follow(carol, alice);

        List<Protection.Request> pending = p.requests(alice);
        assertThat(pending).extracting(Protection.Request::from).containsExactly(bob, carol);
        assertThat(pending.get(1).note()).isEqualTo("it's carol from school");
        assertThat(carolsRequest.contentText())
                .doesNotContain("carol from school")
                .doesNotContain(alice.toString());
        assertThat(catchThrowableOfType(() -> Requests.open(carolsRequest, bobKey), ProtectException.class)
                        .reason())
                .isEqualTo(Reason.REQUEST_DOES_NOT_OPEN);
        assertThat(p.requests(bob)).isEmpty();

        assertThat(text(bob, secret)).isEqualTo("(sealed)");
        Entry grant = p.approveRequest(alice, pending.get(0).id());
        assertThat(grant.kind()).isEqualTo(Kind.GRANT);
        p.deny(alice, pending.get(1).id());

        assertThat(p.requests(alice)).isEmpty();
        assertThat(text(alice, secret)).isEqualTo("for approved eyes");
        assertThat(text(bob, secret)).isEqualTo("for approved eyes");
        assertThat(text(carol, secret)).isEqualTo("(sealed)");
        assertThat(node.read(node.id(), secret)).isSameAs(secret);
        assertThat(p.status(alice).followers()).containsExactly(bob);
        assertThatThrownBy(() -> p.approve(alice, bob, null)).hasMessageContaining("already an approved follower");
        assertThatThrownBy(() -> p.revoke(alice, carol)).hasMessageContaining("not an approved follower");
        assertThatThrownBy(() -> p.deny(alice, pending.get(1).id())).hasMessageContaining("no pending request");
    }

    @Test
    void revokingRotatesToANewEpochGrantedToTheRemainingFollowersOnly() {
        hostAll();
        Protection p = node.protection();
        p.setProtected(alice, true);
        p.approve(alice, bob, null);
        p.approve(alice, carol, null);
        Entry early = node.post(alice, "epoch one", null);

        List<Entry> made = p.revoke(alice, bob);
        assertThat(made).extracting(Entry::kind).containsExactly(Kind.REVOKE, Kind.GRANT);
        Entry late = node.post(alice, "epoch two", null);

        assertThat(SealedEntries.epochOf(late)).isEqualTo(2);
        assertThat(text(bob, early)).isEqualTo("epoch one");
        assertThat(text(bob, late)).isEqualTo("(sealed)");
        assertThat(text(carol, late)).isEqualTo("epoch two");
        assertThat(p.status(alice)).isEqualTo(new Protection.Status(alice, true, 2, List.of(carol)));

        // A new request from bob after the revocation is pending again.
        node.follow(bob, alice);
        assertThat(p.requests(alice)).extracting(Protection.Request::from).containsExactly(bob);
    }

    @Test
    void protectionOffPublishesInTheClearAndOnAgainKeepsTheEpoch() {
        hostAll();
        Protection p = node.protection();
        assertThat(p.setProtected(alice, false)).isEmpty();
        assertThatThrownBy(() -> p.approve(alice, bob, null)).hasMessageContaining("turn protection on first");
        p.setProtected(alice, true);
        assertThat(p.setProtected(alice, true)).isEmpty();
        p.setProtected(alice, false);
        assertThat(node.post(alice, "in the clear", null).kind()).isEqualTo(Kind.POST);
        p.setProtected(alice, true);
        assertThat(SealedEntries.epochOf(node.post(alice, "sealed again", null)))
                .isEqualTo(1);
    }

    // ---- refusals: entries signed with the protected feed's own key, as only it could --------------

    /** Alice's feed made by hand on a TestFeed, appended to the node, read by the hosted bob. */
    private final class HandMade {
        final TestFeed feed = TestFeed.resume(aliceKey, null);

        Entry add(String kind, byte[] content) {
            Entry e = feed.next(kind, new String(content, StandardCharsets.UTF_8));
            assertThat(node.store().append(e).appended()).isTrue();
            return e;
        }

        Entry sealedPost(FeedKey key, String text) {
            return add(
                    Kind.SEALED,
                    SealedEntries.seal(key, feed.seq() + 1, Kind.POST, Contents.post(text, null, List.of())));
        }
    }

    @Test
    void aGrantSealedToTheWrongKeyIsRefusedWithItsReason() {
        node.host(bobKey);
        node.host(carolKey);
        HandMade a = new HandMade();
        FeedKey k1 = FeedKey.derive(aliceKey, 1);
        a.add(Kind.PROTECT, ProtectedFeeds.protectContent(true, 1));
        byte[] toCarol =
                SealedBox.seal(X25519.publicFromEd25519(carol.key()), Grants.context(alice, bob, 1), k1.toBytes());
        Entry grant = a.add(Kind.GRANT, Grants.content(bob, 1, toCarol, null));
        Entry post = a.sealedPost(k1, "not for carol, and bob's grant is broken");

        ProtectException refused = catchThrowableOfType(() -> Grants.open(grant, bobKey), ProtectException.class);
        assertThat(refused.reason()).isEqualTo(Reason.GRANT_DOES_NOT_OPEN);
        assertThat(refused).hasMessageContaining("sealed to another key");
        assertThat(catchThrowableOfType(() -> Grants.open(grant, carolKey), ProtectException.class)
                        .reason())
                .isEqualTo(Reason.NOT_ADDRESSED_TO_READER);
        assertThat(catchThrowableOfType(() -> node.protection().open(bob, post), ProtectException.class)
                        .reason())
                .isEqualTo(Reason.GRANT_DOES_NOT_OPEN);
        assertThat(node.read(bob, post)).isSameAs(post);
    }

    @Test
    void aTamperedOrMovedCiphertextIsRefusedWithItsReason() {
        node.host(bobKey);
        HandMade a = new HandMade();
        FeedKey k1 = FeedKey.derive(aliceKey, 1);
        a.add(Kind.PROTECT, ProtectedFeeds.protectContent(true, 1));
        a.add(Kind.GRANT, Grants.content(k1, bob, null));
        Entry good = a.sealedPost(k1, "original words");
        assertThat(text(bob, good)).isEqualTo("original words");

        String box = EntryValidator.checkContent(good).path("box").asText();
        byte[] flipped = Base64Url.decode(box);
        flipped[20] ^= 0x01;
        Entry tampered = a.add(
                Kind.SEALED,
                ("{\"epoch\":1,\"box\":\"" + Base64Url.encode(flipped) + "\"}").getBytes(StandardCharsets.UTF_8));
        Entry moved = a.add(Kind.SEALED, good.content()); // the same box at another seq
        Entry relabelled =
                a.add(Kind.SEALED, ("{\"epoch\":2,\"box\":\"" + box + "\"}").getBytes(StandardCharsets.UTF_8));

        for (Entry bad : List.of(tampered, moved)) {
            ProtectException refused =
                    catchThrowableOfType(() -> node.protection().open(bob, bad), ProtectException.class);
            assertThat(refused.reason()).isEqualTo(Reason.CIPHERTEXT_DOES_NOT_OPEN);
            assertThat(refused).hasMessageContaining("altered, or moved");
        }
        ProtectException noKey =
                catchThrowableOfType(() -> node.protection().open(bob, relabelled), ProtectException.class);
        assertThat(noKey.reason()).isEqualTo(Reason.NO_KEY);
        // With the epoch-2 key in hand the relabelled box still fails: the epoch is in the AD.
        assertThat(catchThrowableOfType(
                                () -> SealedEntries.open(FeedKey.of(alice, 2, k1.toBytes()), relabelled),
                                ProtectException.class)
                        .reason())
                .isEqualTo(Reason.CIPHERTEXT_DOES_NOT_OPEN);
    }

    @Test
    void aReplayedOldEpochGrantIsRefusedWithItsReason() {
        node.host(bobKey);
        HandMade a = new HandMade();
        FeedKey k1 = FeedKey.derive(aliceKey, 1);
        FeedKey k2 = FeedKey.derive(aliceKey, 2);
        a.add(Kind.PROTECT, ProtectedFeeds.protectContent(true, 1));
        Entry grant1 = a.add(Kind.GRANT, Grants.content(k1, bob, null));
        Entry old = a.sealedPost(k1, "bob may read this");
        a.add(Kind.REVOKE, ("{\"feed\":\"" + bob + "\",\"epoch\":2}").getBytes(StandardCharsets.UTF_8));
        // The old box, relabelled as a grant of epoch 2.
        byte[] oldBox = Grants.parse(grant1).box();
        Entry replay = a.add(Kind.GRANT, Grants.content(bob, 2, oldBox, null));
        Entry fresh = a.sealedPost(k2, "bob must not read this");

        assertThat(text(bob, old)).isEqualTo("bob may read this");
        ProtectException refused = catchThrowableOfType(() -> Grants.open(replay, bobKey), ProtectException.class);
        assertThat(refused.reason()).isEqualTo(Reason.GRANT_DOES_NOT_OPEN);
        assertThat(refused).hasMessageContaining("replayed");
        assertThat(catchThrowableOfType(() -> node.protection().open(bob, fresh), ProtectException.class)
                        .reason())
                .isEqualTo(Reason.GRANT_DOES_NOT_OPEN);
        assertThat(catchThrowableOfType(
                                () -> ((ProtectedFeeds) node.protection()).currentKey(bob, alice),
                                ProtectException.class)
                        .reason())
                .isEqualTo(Reason.GRANT_DOES_NOT_OPEN);
        assertThat(text(bob, fresh)).isEqualTo("(sealed)");
        assertThat(Arrays.equals(Grants.open(grant1, bobKey).toBytes(), k1.toBytes()))
                .isTrue();
    }

    @Test
    void anOldGrantGivesNoCurrentAccessAfterRevocation() {
        hostAll();
        ProtectedFeeds p = (ProtectedFeeds) node.protection(); // currentKey is not on Protection
        p.setProtected(alice, true);
        p.approve(alice, bob, null);
        assertThat(p.isFollowerNow(bob, alice)).isTrue();
        p.revoke(alice, bob);
        ProtectException stale = catchThrowableOfType(() -> p.currentKey(bob, alice), ProtectException.class);
        assertThat(stale.reason()).isEqualTo(Reason.STALE_EPOCH);
        assertThat(stale).hasMessageContaining("epoch 1").hasMessageContaining("epoch 2");
        assertThat(p.isFollowerNow(bob, alice)).isFalse();
    }
}
