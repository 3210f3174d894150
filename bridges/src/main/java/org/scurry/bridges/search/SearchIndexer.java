package org.scurry.bridges.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.spi.Arrival;
import org.scurry.swarm.spi.Store;

/**
 * Feeds the index from the store's arrival order ({@link Store#arrivedSince}), the way the {@code
 * scurry:} consumer reads it: everything the node stored, once, resuming at the position the index
 * committed. Posts are indexed as they are; a protected (sealed) post only when a local identity
 * can open it, with those identities as its readers; other kinds are passed over.
 *
 * <p>Not thread-safe: one thread indexes ({@link SearchIndex}'s, or a benchmark's).
 */
final class SearchIndexer {
    /** Entries read from the store at a time. */
    static final int BATCH = 1000;
    /** Entries after which a commit is made even while catching up. */
    static final int COMMIT_EVERY = 100_000;
    /** Longest time indexed entries stay uncommitted (they are visible to searches before). */
    static final long COMMIT_NANOS = 1_000_000_000L;

    private final Node node;
    private final LuceneIndex index;
    private volatile long position;
    /** The position searches see: what was indexed up to the last refresh. */
    private volatile long searchable;

    private long committed;
    private long uncommitted;
    private long lastCommit = System.nanoTime();
    private long refreshedAt = System.nanoTime();

    SearchIndexer(Node node, LuceneIndex index) {
        this.node = node;
        this.index = index;
        // A crash may lose the store's last deferred appends, whose positions the store then gives
        // again: never start beyond its end, or the entries that get those positions are missed.
        this.position = Math.min(index.openedAt(), node.store().lastArrival());
        this.committed = position;
        this.searchable = position;
    }

    /** The store position everything up to which is indexed (visible to searches after a refresh). */
    long position() {
        return position;
    }

    /** The store position everything up to which searches find. */
    long searchable() {
        return searchable;
    }

    /**
     * Indexes the next batch; returns how many entries it read (0: caught up). Commits every {@link
     * #COMMIT_EVERY} entries or {@link #COMMIT_NANOS}, and when caught up; refreshes the searchers
     * when caught up and at most once a second while catching up.
     */
    int step() throws IOException {
        List<Arrival> arrivals = node.store().arrivedSince(position, BATCH);
        for (Arrival a : arrivals) {
            index(a);
        }
        if (!arrivals.isEmpty()) {
            position = arrivals.get(arrivals.size() - 1).position();
            uncommitted += arrivals.size();
        }
        long now = System.nanoTime();
        boolean caughtUp = arrivals.size() < BATCH;
        if (uncommitted > 0 && (caughtUp || uncommitted >= COMMIT_EVERY || now - lastCommit >= COMMIT_NANOS)) {
            commit();
        }
        if (!arrivals.isEmpty() && (caughtUp || now - refreshedAt >= COMMIT_NANOS)) {
            index.refresh();
            refreshedAt = now;
            searchable = position;
        }
        return arrivals.size();
    }

    /** Commits what was indexed since the last commit, with its position. */
    void commit() throws IOException {
        index.refresh();
        searchable = position;
        if (committed != position || uncommitted > 0) {
            index.commit(position);
            committed = position;
            uncommitted = 0;
            lastCommit = System.nanoTime();
        }
    }

    private void index(Arrival arrival) throws IOException {
        Entry entry = arrival.entry();
        if (Kind.POST.equals(entry.kind())) {
            Optional<PostFields> post = PostFields.of(entry);
            if (post.isPresent()) {
                index.put(
                        entry.id().toString(), IndexFields.document(entry, arrival.position(), post.get(), List.of()));
            }
        } else if (Kind.SEALED.equals(entry.kind())) {
            indexProtected(entry, arrival.position());
        }
    }

    /** A protected post, indexed with the local identities that can open it; not at all when none can. */
    private void indexProtected(Entry sealed, long position) throws IOException {
        List<FeedId> readers = new ArrayList<>();
        Entry opened = null;
        for (FeedId local : node.localFeeds()) {
            Entry view = node.read(local, sealed);
            if (view.isOpened() && Kind.POST.equals(view.kind())) {
                readers.add(local);
                opened = view;
            }
        }
        if (opened == null) {
            return;
        }
        Optional<PostFields> post = PostFields.of(opened);
        if (post.isPresent()) {
            index.put(sealed.id().toString(), IndexFields.document(sealed, position, post.get(), readers));
        }
    }
}
