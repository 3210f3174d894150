package org.scurry.swarm.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.swarm.internal.replication.RequestRouting;
import org.scurry.swarm.protect.RequestHintStatus.Refusal;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.testkit.TcpSwarm;
import org.scurry.testkit.TestFeed;

/**
 * A follow request reaches its owner on another node (docs/protected.md, "How a request reaches
 * its owner"), over real TCP between real nodes (H2 files). Alice is an account hosted on a node
 * whose own identity is another feed (as on a gateway); Bob is on his own node. Bob asks, Alice's
 * node lists the request, Alice approves, Bob reads her protected posts: with the two nodes linked,
 * and with only a relay between them. A stranger's flood of hints is bounded and refused with its
 * reasons while Bob's request still gets through.
 */
class RequestsAcrossNodesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TcpSwarm swarm;
    private NettyTransport rogue;

    @AfterEach
    void stop() {
        if (rogue != null) {
            rogue.close();
        }
        if (swarm != null) {
            swarm.close();
        }
    }

    private Node node(String name, Node... peers) {
        if (swarm == null) {
            swarm = new TcpSwarm(dir);
        }
        return swarm.node(name, c -> c, peers);
    }

    /** A node hosting Alice as an account (its own identity is not hers); she protects and posts. */
    private record Owner(Node node, FeedId alice, Entry secret) {}

    private Owner protectedOwner() {
        Node home = node("alice-home");
        Ed25519Signer key = Ed25519Signer.generate();
        home.host(key);
        FeedId alice = FeedId.of(key.publicKey());
        home.protection().setProtected(alice, true);
        Entry secret = home.post(alice, "only for approved eyes", null);
        assertThat(Protection.isSealed(secret)).isTrue();
        return new Owner(home, alice, secret);
    }

    /** Bob follows and asks Alice; her node lists it, she approves, Bob reads her secret post. */
    private void requestApproveRead(Owner owner, Node bobNode) {
        FeedId bob = bobNode.id();
        bobNode.follow(bob, owner.alice());
        Entry request = bobNode.protection().request(bob, owner.alice(), "hello from my own node");

        Protection alice = owner.node().protection();
        await().atMost(WAIT).until(() -> !alice.requests(owner.alice()).isEmpty());
        Protection.Request listed = alice.requests(owner.alice()).get(0);
        assertThat(listed.id()).isEqualTo(request.id());
        assertThat(listed.from()).isEqualTo(bob);
        assertThat(listed.note()).isEqualTo("hello from my own node");
        // Alice's node fetched Bob's feed because of the hint: nobody there follows him.
        assertThat(owner.node().requestHints().carried()).containsKey(bob);
        assertThat(owner.node().following(owner.alice())).doesNotContain(bob);

        alice.approveRequest(owner.alice(), listed.id());
        assertThat(alice.requests(owner.alice())).isEmpty();
        await().atMost(WAIT).until(() -> texts(bobNode, owner.alice()).contains("only for approved eyes"));
        Entry later = owner.node().post(owner.alice(), "and a later one", null);
        await().atMost(WAIT).until(() -> texts(bobNode, owner.alice()).contains("and a later one"));
        assertThat(Protection.isSealed(later)).isTrue();
    }

    private static List<String> texts(Node node, FeedId author) {
        return node.feed(author, Long.MAX_VALUE, 1000).stream()
                .map(e -> node.read(node.id(), e))
                .filter(e -> Kind.POST.equals(e.kind()))
                .map(e -> EntryValidator.checkContent(e).path("text").asText())
                .toList();
    }

    @Test
    void aRequestReachesTheOwnersNodeWhenTheNodesAreLinked() {
        Owner owner = protectedOwner();
        Node bobNode = node("bob", owner.node());
        requestApproveRead(owner, bobNode);
    }

    @Test
    void aRequestReachesTheOwnersNodeThroughARelay() {
        Owner owner = protectedOwner();
        Node relay = node("relay", owner.node());
        relay.follow(owner.alice()); // a stranger who replicates her (it reads nothing of hers)
        Node bobNode = node("bob", relay);
        await().atMost(WAIT).until(() -> relay.holds(owner.alice()));

        requestApproveRead(owner, bobNode);
        assertThat(bobNode.peers())
                .extracting(PeerInfo::id)
                .doesNotContain(owner.node().id());
        assertThat(owner.node().peers()).extracting(PeerInfo::id).doesNotContain(bobNode.id());
        assertThat(texts(relay, owner.alice())).doesNotContain("only for approved eyes");
    }

    @Test
    void aRequestCrossesTwoRelaysInARow() {
        Owner owner = protectedOwner();
        Node near = node("near", owner.node());
        near.follow(owner.alice());
        Node far = node("far", near);
        far.follow(owner.alice());
        Node bobNode = node("bob", far);
        await().atMost(WAIT).until(() -> far.holds(owner.alice()));

        requestApproveRead(owner, bobNode);
        assertThat(bobNode.peers()).extracting(PeerInfo::id).containsExactly(far.id());
        assertThat(owner.node().peers()).extracting(PeerInfo::id).containsExactly(near.id());
    }

    @Test
    void aFloodOfHintsIsBoundedAndRefusedWhileARealRequestGetsThrough() throws Exception {
        Owner owner = protectedOwner();
        Node home = owner.node();
        PeerLink link = rogueLink(home);

        // One message over the limit: refused whole.
        List<Message.Hint> tooMany = new ArrayList<>();
        for (int i = 0; i <= RequestRouting.MAX_HINTS; i++) {
            tooMany.add(new Message.Hint(TestFeed.create().id(), owner.alice(), 1, 0));
        }
        link.send(new Message.Hints(tooMany));
        // Malformed (requester = owner) and for a local owner that is not protected (the node's own feed).
        link.send(new Message.Hints(List.of(
                new Message.Hint(owner.alice(), owner.alice(), 1, 0),
                new Message.Hint(TestFeed.create().id(), home.id(), 1, 0))));
        // A feed that exists, is served, and does not follow Alice: dropped once fetched.
        TestFeed liar = TestFeed.create();
        List<Entry> liarEntries = List.of(liar.post("I never asked"), liar.post("really"));
        link.send(new Message.Hints(List.of(new Message.Hint(liar.id(), owner.alice(), 2, 0))));
        // A flood of feeds nobody has, in full messages.
        for (int m = 0; m < 20; m++) {
            List<Message.Hint> bogus = new ArrayList<>();
            for (int i = 0; i < RequestRouting.MAX_HINTS; i++) {
                bogus.add(new Message.Hint(TestFeed.create().id(), owner.alice(), 1, 0));
            }
            link.send(new Message.Hints(bogus));
        }
        await().atMost(WAIT).until(() -> home.requestHints().refused(Refusal.PEER_QUOTA) > 0);
        link.send(new Message.Clock(List.of(new Message.Note(liar.id(), liarEntries.size(), false))));
        link.send(new Message.Entries(liarEntries));

        await().atMost(WAIT).until(() -> home.requestHints().refused(Refusal.NOT_ASKING) == 1);
        org.scurry.swarm.protect.RequestHintStatus status = home.requestHints();
        assertThat(status.refused(Refusal.OVERSIZED)).isEqualTo(1);
        assertThat(status.refused(Refusal.MALFORMED)).isEqualTo(1);
        assertThat(status.refused(Refusal.OWNER_NOT_PROTECTED)).isEqualTo(1);
        assertThat(status.refused(Refusal.PEER_QUOTA)).isEqualTo(20L * RequestRouting.MAX_HINTS + 1 - 16);
        // The node fetches at most one peer's quota of what the stranger pointed at, and not the liar.
        assertThat(status.carried()).hasSize(15).doesNotContainKey(liar.id());
        assertThat(home.wantedFeeds()).hasSize(home.localFeeds().size() + 15);
        assertThat(home.wantedFeeds()).doesNotContain(liar.id());
        // A repeated false hint is refused without fetching it again.
        link.send(new Message.Hints(List.of(new Message.Hint(liar.id(), owner.alice(), 2, 0))));
        await().atMost(WAIT).until(() -> home.requestHints().refused(Refusal.REJECTED_RECENTLY) == 1);

        Node bobNode = node("bob", home);
        requestApproveRead(owner, bobNode);
        Set<FeedId> carried = home.requestHints().carried().keySet();
        assertThat(carried.size()).isLessThanOrEqualTo(16);
    }

    private PeerLink rogueLink(Node victim) throws Exception {
        rogue = new NettyTransport(
                Ed25519Signer.generate(), NodeConfig.defaults(dir.resolve("rogue")), new PeerLink.Handler() {
                    @Override
                    public void onOpen(PeerLink link) {}

                    @Override
                    public void onMessage(PeerLink link, Message message) {}

                    @Override
                    public void onWritable(PeerLink link) {}

                    @Override
                    public void onClose(PeerLink link, String reason) {}
                });
        PeerLink link =
                rogue.connect("127.0.0.1:" + victim.swarmAddress().getPort()).get(10, TimeUnit.SECONDS);
        link.send(new Message.Hello("", 0));
        return link;
    }
}
