package org.scurry.routes.mqtt;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;

/**
 * Which of the gateway's accounts follow a feed, answered from memory: the MQTT bridge asks it for
 * every entry it publishes (to find the timeline topics), and asking the store instead costs one
 * read per account per entry — a thousand reads an entry on a gateway with a thousand accounts,
 * each waiting behind the store's writes.
 *
 * <p>Each account's follows are read from the store once and again after that account appends a
 * {@code follow} or {@code unfollow} entry (watched through {@link Node#onEntry}); the reverse
 * index is rebuilt from those cached sets after any change, which is cheap next to a read. An
 * entry is thus counted in the timelines of those following its author when it is published, a few
 * milliseconds after a follow at most. Thread-safe.
 */
public final class FollowerIndex implements AutoCloseable {
    private final Node node;
    private final Supplier<Collection<FeedId>> accounts;
    private final ConcurrentHashMap<FeedId, Set<FeedId>> followsOf = new ConcurrentHashMap<>();
    private final AutoCloseable listener;
    private volatile boolean stale = true;
    private volatile Map<FeedId, Set<FeedId>> followersOf = Map.of();

    /** {@code accounts}: the feeds of the accounts to index (read again at each rebuild). */
    public FollowerIndex(Node node, Supplier<Collection<FeedId>> accounts) {
        this.node = node;
        this.accounts = accounts;
        this.listener = node.onEntry(this::seen);
    }

    private void seen(Entry entry) {
        if (Kind.FOLLOW.equals(entry.kind()) || Kind.UNFOLLOW.equals(entry.kind())) {
            followsOf.remove(entry.author());
            stale = true;
        }
    }

    /** The accounts' feeds that follow {@code author} (not {@code author} itself). */
    public Set<FeedId> followersOf(FeedId author) {
        Map<FeedId, Set<FeedId>> index = stale ? rebuild() : followersOf;
        return index.getOrDefault(author, Set.of());
    }

    private synchronized Map<FeedId, Set<FeedId>> rebuild() {
        if (!stale) {
            return followersOf;
        }
        stale = false; // first: a follow seen while rebuilding makes the next call rebuild again
        Map<FeedId, Set<FeedId>> index = new HashMap<>();
        for (FeedId account : accounts.get()) {
            for (FeedId followed : followsOf.computeIfAbsent(account, node::following)) {
                index.computeIfAbsent(followed, f -> new HashSet<>()).add(account);
            }
        }
        followersOf = index;
        return index;
    }

    @Override
    public void close() throws Exception {
        listener.close();
    }
}
