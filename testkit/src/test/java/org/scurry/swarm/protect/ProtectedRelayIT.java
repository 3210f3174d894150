package org.scurry.swarm.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.testkit.TestSwarm;

/**
 * DESIGN.md §7 over real TCP (Netty) between real nodes (H2 files): Alice protects her feed and
 * approves Bob, not Carol. Her entries travel Alice → Dave (a stranger who follows her) → a history
 * server (the only one, so every feed is assigned to it) → Bob and Carol. Bob reads every entry; Carol, Dave and the relay hold
 * them, byte for byte, and read none. After Bob is revoked, what Alice posts later is closed to
 * him and what he could read before stays readable.
 */
class ProtectedRelayIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();
    private Node alice;
    private Node dave;
    private Node relay;
    private Node bob;
    private Node carol;

    private NodeConfig config(String name, Node... peers) {
        List<String> addresses = new ArrayList<>();
        for (Node p : peers) {
            addresses.add("127.0.0.1:" + p.swarmAddress().getPort());
        }
        return NodeConfig.defaults(dir.resolve(name))
                .withListen("127.0.0.1", 0)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1))
                .withDiscoveredPeers(0)
                .withBootstrapPeers(addresses);
    }

    private Node open(String name, Node... peers) {
        return open(config(name, peers));
    }

    private Node open(NodeConfig config) {
        Node n = Node.open(config);
        nodes.add(n);
        return n;
    }

    @BeforeEach
    void start() {
        alice = open("alice");
        dave = open("dave", alice);
        relay = open(config("relay", dave).withHistory(TestSwarm.fastHistory().asServer(true)));
        bob = open("bob", relay);
        carol = open("carol", relay);
        for (Node n : List.of(dave, relay, bob, carol)) {
            n.follow(alice.id());
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    @Test
    void approvedFollowerReadsThroughStrangersWhoCannotAndRevocationClosesOnlyLaterEntries() {
        Protection owner = alice.protection();
        owner.setProtected(alice.id(), true);
        owner.approve(alice.id(), bob.id(), null);
        List<String> before = new ArrayList<>(List.of("first secret of alice", "second secret: ünïcødé ✓"));
        for (String text : before) {
            assertThat(Protection.isSealed(alice.post(text, null))).isTrue();
        }
        owner.setProtected(alice.id(), false); // a public post between protected ones
        assertThat(Protection.isSealed(alice.post("public marker between the others", null)))
                .isFalse();
        owner.setProtected(alice.id(), true);
        before.add("third secret, after protection came back");
        Entry third = alice.post(before.get(2), null);
        awaitEverywhere(third.seq());
        // the relay stores her feed as its history server, not only as a follower
        await().atMost(WAIT).until(() -> relay.archived().contains(alice.id()));

        assertThat(texts(bob, bob.id())).containsAll(before);
        for (Node stranger : List.of(carol, dave, relay)) {
            assertThat(texts(stranger, stranger.id())).doesNotContainAnyElementsOf(before);
            List<Entry> sealed = sealed(stranger);
            assertThat(sealed).hasSize(before.size());
            for (Entry e : sealed) {
                // Every holder verified and stored the entry: it is valid, only unreadable.
                new EntryValidator().validate(e);
                ProtectException refused = catchThrowableOfType(
                        () -> stranger.protection().open(stranger.id(), e), ProtectException.class);
                assertThat(refused.reason()).isEqualTo(ProtectException.Reason.NO_KEY);
                assertThat(new String(e.encodedUnsafe(), StandardCharsets.UTF_8))
                        .doesNotContain("secret");
            }
            assertThat(heldBytesContain(stranger, "secret"))
                    .as("plaintext in what the node holds")
                    .isFalse();
        }
        // The search can find text: the public post is held in the clear.
        assertThat(heldBytesContain(relay, "public marker between the others")).isTrue();
        assertThat(texts(carol, carol.id())).containsExactly("public marker between the others");

        List<Entry> rotation = owner.revoke(alice.id(), bob.id());
        assertThat(rotation).extracting(Entry::kind).containsExactly(Kind.REVOKE);
        List<String> after = List.of("fourth secret, after bob left", "fifth secret");
        Entry last = null;
        for (String text : after) {
            last = alice.post(text, null);
        }
        awaitEverywhere(last.seq());

        assertThat(texts(bob, bob.id())).containsAll(before).doesNotContainAnyElementsOf(after);
        Entry fourth = sealed(bob).stream()
                .filter(e -> Protection.epochOf(e) == 2)
                .findFirst()
                .orElseThrow();
        assertThat(catchThrowableOfType(() -> bob.protection().open(bob.id(), fourth), ProtectException.class)
                        .reason())
                .isEqualTo(ProtectException.Reason.NO_KEY);
        assertThat(catchThrowableOfType(
                                () -> ((org.scurry.swarm.internal.protect.ProtectedFeeds) bob.protection())
                                        .currentKey(bob.id(), alice.id()),
                                ProtectException.class)
                        .reason())
                .isEqualTo(ProtectException.Reason.STALE_EPOCH);
        assertThat(texts(alice, alice.id())).containsAll(before).containsAll(after);
    }

    private void awaitEverywhere(long seq) {
        await().atMost(WAIT).until(() -> Stream.of(dave, relay, bob, carol)
                .allMatch(n -> n.store().latestSeq(alice.id()) >= seq));
    }

    /** Alice's posts as {@code node}'s own identity reads them. */
    private List<String> texts(Node node, FeedId reader) {
        return node.feed(alice.id(), Long.MAX_VALUE, 1000).stream()
                .map(e -> node.read(reader, e))
                .filter(e -> Kind.POST.equals(e.kind()))
                .map(e -> EntryValidator.checkContent(e).path("text").asText())
                .toList();
    }

    private List<Entry> sealed(Node node) {
        return node.feed(alice.id(), Long.MAX_VALUE, 1000).stream()
                .filter(Protection::isSealed)
                .filter(e -> Protection.epochOf(e) >= 1)
                .toList();
    }

    /** True when any entry of any feed {@code node} holds contains {@code text} in its encoding. */
    private static boolean heldBytesContain(Node node, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (FeedId feed : node.store().clock().keySet()) {
            for (Entry e : node.store().range(feed, 1, Long.MAX_VALUE, 100_000)) {
                if (indexOf(e.encodedUnsafe(), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
