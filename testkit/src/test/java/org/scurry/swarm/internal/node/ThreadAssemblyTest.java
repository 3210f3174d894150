package org.scurry.swarm.internal.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Conversation;
import org.scurry.swarm.Conversation.Item;
import org.scurry.swarm.Conversation.Origin;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.testkit.TestFeed;

/** Threads from a store and, for parents not held, a peer (here a map standing in for one). */
class ThreadAssemblyTest {
    private final MemoryStore store = new MemoryStore();
    private final Map<String, Entry> peer = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final ThreadAssembly threads = new ThreadAssembly(store, this::fetch);

    private final TestFeed ann = TestFeed.create();
    private final TestFeed bea = TestFeed.create();
    private final TestFeed cid = TestFeed.create();

    private Optional<Entry> fetch(FeedId feed, long seq) {
        asked.add(feed + "/" + seq);
        return Optional.ofNullable(peer.get(feed + "/" + seq));
    }

    private void onPeerOnly(Entry e) {
        peer.put(e.author() + "/" + e.seq(), e);
    }

    private static List<String> shape(Conversation c) {
        return c.items().stream()
                .map(i -> "  ".repeat(i.depth())
                        + (i.entry() == null ? "?" : i.entry().readContent((b, o, l) -> text(b, o, l))) + " "
                        + i.origin())
                .toList();
    }

    private static String text(byte[] b, int o, int l) {
        String json = new String(b, o, l, java.nio.charset.StandardCharsets.UTF_8);
        int at = json.indexOf("\"text\":\"") + 8;
        return json.substring(at, json.indexOf('"', at));
    }

    @Test
    void theWholeTreeIsListedInTreeOrderFromAnyEntryOfIt() {
        Entry root = ann.post("root");
        Entry a = bea.reply("a", root);
        Entry b = cid.reply("b", root);
        Entry a1 = ann.reply("a1", a);
        Entry a2 = cid.reply("a2", a);
        Entry a11 = bea.reply("a11", a1);
        Entry other = ann.post("not in the thread");
        List.of(root, a, b, a1, a2, a11, other).forEach(store::append);

        List<String> expected =
                List.of("root HELD", "  a HELD", "    a1 HELD", "      a11 HELD", "    a2 HELD", "  b HELD");
        // siblings by author timestamp: TestFeed stamps BASE + 1000 × seq, so a (bea seq 1) < b (cid seq 1)
        // would tie; the id breaks the tie. Check the set of lines and the order within each branch.
        Conversation fromLeaf = threads.assemble(a11.id());
        Conversation fromRoot = threads.assemble(root.id());
        assertThat(shape(fromLeaf)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(shape(fromRoot)).isEqualTo(shape(fromLeaf));
        assertThat(fromLeaf.asked()).isEqualTo(a11.id());
        assertThat(fromLeaf.truncated()).isFalse();
        List<Item> items = fromLeaf.items();
        assertThat(items.get(0).parent()).isNull();
        for (int i = 1; i < items.size(); i++) {
            Item it = items.get(i);
            int parentAt = items.stream().map(Item::id).toList().indexOf(it.parent());
            assertThat(parentAt).as("a parent comes before its replies").isBetween(0, i - 1);
            assertThat(it.depth()).isEqualTo(items.get(parentAt).depth() + 1);
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void aParentNotHeldIsFetchedFromAPeerAndItsOwnParentToo() {
        Entry root = ann.post("root");
        Entry mid = bea.reply("mid", root);
        Entry leaf = cid.reply("leaf", mid);
        store.append(root);
        onPeerOnly(mid);
        store.append(leaf);

        assertThat(shape(threads.assemble(leaf.id()))).containsExactly("root HELD", "  mid FETCHED", "    leaf HELD");
        assertThat(asked).containsExactly(bea.id() + "/1");
    }

    @Test
    void aParentNobodyHasIsMarkedMissingWithWhatTheReplySaidOfIt() {
        Entry root = ann.post("root");
        Entry leaf = cid.reply("leaf", root);
        Entry sibling = bea.reply("sibling", root);
        store.append(leaf);
        store.append(sibling);

        Conversation c = threads.assemble(leaf.id());
        assertThat(shape(c)).containsExactlyInAnyOrder("? MISSING", "  leaf HELD", "  sibling HELD");
        Item top = c.items().get(0);
        assertThat(top.id()).isEqualTo(root.id());
        assertThat(top.author()).isEqualTo(ann.id());
        assertThat(top.seq()).isEqualTo(1);
        assertThat(asked).containsExactly(ann.id() + "/1");
    }

    @Test
    void aPeerAnsweringWithAnotherEntryIsNotBelieved() {
        Entry root = ann.post("root");
        Entry leaf = cid.reply("leaf", root);
        store.append(leaf);
        peer.put(ann.id() + "/1", TestFeed.create().post("an impostor"));

        assertThat(shape(threads.assemble(leaf.id()))).containsExactly("? MISSING", "  leaf HELD");
    }

    @Test
    void anOlderReplyNamingOnlyTheIdFindsAHeldParentAndIsNotFetched() {
        Entry root = ann.post("root");
        Entry old = bea.next(Kind.POST, "{\"text\":\"old\",\"replyTo\":\"" + root.id() + "\"}");
        store.append(old);
        assertThat(shape(threads.assemble(old.id()))).containsExactly("? MISSING", "  old HELD");
        assertThat(asked).isEmpty();

        store.append(root);
        assertThat(shape(threads.assemble(old.id()))).containsExactly("root HELD", "  old HELD");
    }

    @Test
    void atMostTwentyParentsAreAskedOfPeersForOneThread() {
        Entry parent = ann.post("0");
        onPeerOnly(parent);
        for (int i = 1; i <= ThreadAssembly.MAX_FETCHES + 5; i++) {
            parent = ann.reply(Integer.toString(i), parent);
            onPeerOnly(parent);
        }
        Entry leaf = bea.reply("leaf", parent);
        store.append(leaf);

        Conversation c = threads.assemble(leaf.id());
        assertThat(asked).hasSize(ThreadAssembly.MAX_FETCHES);
        assertThat(c.items().get(0).origin()).isEqualTo(Origin.MISSING);
        assertThat(c.items()).hasSize(ThreadAssembly.MAX_FETCHES + 2);
        assertThat(c.items().get(c.items().size() - 1).entry()).isEqualTo(leaf);
    }

    @Test
    void anEntryNotHeldIsNotFound() {
        assertThatThrownBy(() -> threads.assemble(ann.post("never stored").id()))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no entry held");
    }
}
