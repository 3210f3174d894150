package org.scurry.bridges.component;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;

/**
 * Authors' display names for a consumer, read from the node once per author and kept, so that a
 * stream of entries does not cost a store read each (an H2 read waits behind any write in
 * progress). {@link #seen} must be called for every entry the node appends, in append order: a
 * {@code profile} entry makes its author's name be read again. Thread-safe.
 */
final class AuthorNames implements Function<FeedId, Optional<String>> {
    /** Forget everything beyond this many authors rather than grow without bound. */
    private static final int MAX_AUTHORS = 10_000;

    private final Node node;
    private final ConcurrentHashMap<FeedId, Optional<String>> names = new ConcurrentHashMap<>();

    AuthorNames(Node node) {
        this.node = node;
    }

    /** Called for each appended entry, after the store has it: a profile entry may change the name. */
    void seen(Entry entry) {
        if (Kind.PROFILE.equals(entry.kind())) {
            names.remove(entry.author());
        }
    }

    @Override
    public Optional<String> apply(FeedId author) {
        if (names.size() >= MAX_AUTHORS) {
            names.clear();
        }
        return names.computeIfAbsent(author, node::displayName);
    }
}
