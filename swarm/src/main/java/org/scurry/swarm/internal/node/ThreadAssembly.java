package org.scurry.swarm.internal.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.scurry.swarm.Conversation;
import org.scurry.swarm.Conversation.Item;
import org.scurry.swarm.Conversation.Origin;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.entry.ReplyRef;
import org.scurry.swarm.spi.Store;

/**
 * Assembles a {@link Conversation} from the store: up from the asked entry to the root through
 * each post's {@link ReplyRef} (a parent not held is asked of peers when the reply names its author
 * and seq), then down from the root through the store's replies index, one level of the tree per
 * {@link Store#replies(java.util.Collection)} call, and listed depth-first from the tree built in
 * memory. The cost is indexed reads of the thread's entries, not a scan of what is held.
 * Stateless; one per node.
 */
public final class ThreadAssembly {
    /** How far up a chain of replies is followed. */
    static final int MAX_DEPTH = Conversation.MAX_ITEMS;

    /**
     * At most this many parents are asked of peers for one thread: each ask may block for seconds,
     * and a reader (a stranger at the open API) must not make the node spend minutes on a chain
     * of replies built to need a fetch at every step. Above it, a parent not held is missing.
     */
    public static final int MAX_FETCHES = 20;

    private static final Comparator<Entry> SIBLINGS =
            Comparator.comparingLong(Entry::timestamp).thenComparing(e -> e.id().toString());

    private final Store store;
    /** Fetches entry (author, seq) from peers, verified; empty when none has it. May block. */
    private final BiFunction<FeedId, Long, Optional<Entry>> fetch;

    public ThreadAssembly(Store store, BiFunction<FeedId, Long, Optional<Entry>> fetch) {
        this.store = store;
        this.fetch = fetch;
    }

    /** The thread {@code id} is part of; throws NoSuchElementException when {@code id} is not held. */
    public Conversation assemble(EntryId id) {
        Entry start = store.get(id).orElseThrow(() -> new NoSuchElementException("no entry held with id " + id));
        // up: the chain from the asked entry to the root (or to the first ancestor nobody has)
        List<Entry> chain = new ArrayList<>();
        Set<EntryId> fetched = new HashSet<>();
        chain.add(start);
        ReplyRef missing = null;
        Entry current = start;
        while (chain.size() < MAX_DEPTH) {
            ReplyRef ref = ReplyRef.of(current);
            if (ref == null) {
                break;
            }
            Optional<Entry> parent = held(ref);
            if (parent.isEmpty() && ref.locatable() && fetched.size() < MAX_FETCHES) {
                parent = fetch.apply(ref.author(), ref.seq()).filter(e -> e.id().equals(ref.parent()));
                parent.ifPresent(e -> fetched.add(e.id()));
            }
            if (parent.isEmpty()) {
                missing = ref;
                break;
            }
            current = parent.get();
            chain.add(current);
        }
        // the chain's links, so that fetched entries (not in the replies index) keep their child
        Map<EntryId, Entry> chainChild = new HashMap<>();
        for (int i = 1; i < chain.size(); i++) {
            chainChild.put(chain.get(i).id(), chain.get(i - 1));
        }
        Entry top = chain.get(chain.size() - 1);
        EntryId topId = missing != null ? missing.parent() : top.id();
        if (missing != null) {
            chainChild.put(missing.parent(), top);
        }
        // down: level by level through the replies index (a few statements per level), then
        // listed depth-first from the tree built in memory
        Map<EntryId, List<Entry>> children = new HashMap<>();
        Set<EntryId> known = new HashSet<>(Set.of(topId));
        List<EntryId> level = List.of(topId);
        boolean more = false;
        while (!level.isEmpty()) {
            if (known.size() > Conversation.MAX_ITEMS) {
                more = true;
                break;
            }
            List<EntryId> next = new ArrayList<>();
            for (Entry e : store.replies(level)) {
                if (known.add(e.id())) {
                    children.computeIfAbsent(ReplyRef.of(e).parent(), k -> new ArrayList<>())
                            .add(e);
                    next.add(e.id());
                }
            }
            for (EntryId parentId : level) {
                Entry linked = chainChild.get(parentId); // a fetched entry is not in the index
                if (linked != null && known.add(linked.id())) {
                    children.computeIfAbsent(parentId, k -> new ArrayList<>()).add(linked);
                    next.add(linked.id());
                }
            }
            level = next;
        }
        List<Item> items = new ArrayList<>();
        Deque<Item> todo = new ArrayDeque<>();
        todo.push(
                missing != null
                        ? new Item(missing.parent(), null, 0, null, Origin.MISSING, missing.author(), missing.seq())
                        : item(top, null, 0, fetched));
        boolean truncated = more;
        while (!todo.isEmpty()) {
            Item it = todo.pop();
            if (items.size() == Conversation.MAX_ITEMS) {
                truncated = true;
                break;
            }
            items.add(it);
            List<Entry> kids = new ArrayList<>(children.getOrDefault(it.id(), List.of()));
            kids.sort(SIBLINGS);
            for (int i = kids.size() - 1; i >= 0; i--) {
                todo.push(item(kids.get(i), it.id(), it.depth() + 1, fetched));
            }
        }
        return new Conversation(id, List.copyOf(items), truncated);
    }

    /** The parent when this node holds it: by author and seq when the reply names them, else by id. */
    private Optional<Entry> held(ReplyRef ref) {
        if (ref.locatable()) {
            // empty also for a pruned past: then asked of peers like a feed not held
            return store.get(ref.author(), ref.seq()).filter(x -> x.id().equals(ref.parent()));
        }
        return store.get(ref.parent());
    }

    private static Item item(Entry e, EntryId parent, int depth, Set<EntryId> fetched) {
        return new Item(
                e.id(), parent, depth, e, fetched.contains(e.id()) ? Origin.FETCHED : Origin.HELD, e.author(), e.seq());
    }
}
