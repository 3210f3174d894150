package org.scurry.bridges.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.protect.Protection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-text search over the posts a node holds (docs/search.md): a Lucene index in a directory of
 * its own (under the node's data directory), fed from the store's arrival order by a thread of its
 * own, and searched newest first, a page at a time.
 *
 * <p>Privacy: a search by a public caller ({@code reader} null) only ever finds public posts; a
 * search for a local identity also finds the protected posts that identity can open. Each hit is
 * read back from the store and checked again before it is returned, so a post pruned or no longer
 * readable is left out rather than shown.
 *
 * <p>Lifecycle: {@link #open} (rebuilds an index it cannot use), {@link #start} (the indexing
 * thread; it wakes on every new entry and catches up on what arrived while it was stopped), {@link
 * #close} (commits and stops; the node is closed by its owner afterwards). {@link #search} is
 * thread-safe and does not block on indexing.
 */
public final class SearchIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** How many hits one search reads at most while leaving out ones the caller may not see. */
    private static final int MAX_ROUNDS = 8;

    private final Node node;
    private final LuceneIndex index;
    private final SearchIndexer indexer;
    private final LuceneQueries queries;
    private volatile boolean running;
    private Thread thread;
    private AutoCloseable wakeUp;

    private SearchIndex(Node node, LuceneIndex index) {
        this.node = node;
        this.index = index;
        this.indexer = new SearchIndexer(node, index);
        this.queries = new LuceneQueries(index.analyzer(), name -> node.store().feedsNamed(name));
    }

    /**
     * Opens (or builds) the index in {@code dir}, made owner-only, for {@code node}'s store. Nothing is
     * indexed until {@link #start} or {@link #indexAll}. Throws UncheckedIOException when the
     * directory cannot be written at all.
     */
    public static SearchIndex open(Path dir, Node node) {
        LuceneIndex index = LuceneIndex.open(dir);
        SearchIndex search = new SearchIndex(node, index);
        LOG.info(
                "search index in {}: {} from store position {}",
                dir,
                index.rebuilt() ? "begun anew" : "resuming",
                search.indexer.position());
        return search;
    }

    /** Starts indexing on a thread of its own, now and on every new entry. Returns this. */
    public synchronized SearchIndex start() {
        if (running) {
            return this;
        }
        running = true;
        thread = new Thread(this::run, "scurry-search-indexer");
        thread.setDaemon(true);
        thread.start();
        Thread t = thread;
        wakeUp = node.onEntry(e -> LockSupport.unpark(t));
        return this;
    }

    /**
     * Indexes on the calling thread until everything the store held when called is indexed, then
     * commits; returns the entries read. For a caller that does not {@link #start} the thread (a
     * benchmark measuring the indexing rate).
     */
    public long indexAll() {
        if (running) {
            throw new IllegalStateException("the indexing thread runs: it indexes by itself");
        }
        long read = 0;
        try {
            long end = node.store().lastArrival();
            while (indexer.position() < end) {
                int n = indexer.step();
                if (n == 0) {
                    break;
                }
                read += n;
            }
            indexer.commit();
            index.refresh();
        } catch (IOException e) {
            throw new UncheckedIOException("search indexing failed: " + e.getMessage(), e);
        }
        return read;
    }

    private void run() {
        while (running) {
            try {
                if (indexer.step() == 0) {
                    LockSupport.parkNanos(SearchIndexer.COMMIT_NANOS);
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warn(
                        "search indexing stopped at store position {}, trying again in 5 s: {}",
                        indexer.position(),
                        e.toString());
                LockSupport.parkNanos(5_000_000_000L);
            }
        }
    }

    /** The store position everything up to which is indexed. */
    public long position() {
        return indexer.position();
    }

    /** Whether everything the store has taken is indexed and found by searches. */
    public boolean caughtUp() {
        return indexer.searchable() >= node.store().lastArrival();
    }

    /** Posts in the index (searchable ones; a protected post counts once). */
    public int documents() {
        try {
            return index.documents();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One page of the posts {@code text} finds, newest first, as {@code reader} may see them (null:
     * a public caller, who never sees a protected post). {@code before} is a previous page's {@link
     * SearchPage#next()} (null for the first page). Throws IllegalArgumentException for a query or
     * cursor that does not read, or a limit outside 1..{@link #MAX_LIMIT}.
     */
    public SearchPage search(String text, FeedId reader, SearchCursor before, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ": " + limit);
        }
        Query query = queries.build(SearchQuery.parse(text), reader);
        List<Entry> found = new ArrayList<>();
        List<SearchCursor> at = new ArrayList<>();
        try {
            IndexSearcher searcher = index.searchers().acquire();
            try {
                FieldDoc after = before == null ? null : fieldDoc(before);
                for (int round = 0; round < MAX_ROUNDS && found.size() <= limit; round++) {
                    TopDocs top = searcher.searchAfter(after, query, limit + 1, IndexFields.NEWEST_FIRST);
                    for (ScoreDoc hit : top.scoreDocs) {
                        FieldDoc fd = (FieldDoc) hit;
                        after = fd;
                        SearchCursor cursor = new SearchCursor((Long) fd.fields[0], (Long) fd.fields[1]);
                        if (cursor.equals(before)) {
                            continue; // the cursor's own post: searchAfter keeps ties
                        }
                        Optional<Entry> visible =
                                visible(searcher.storedFields().document(fd.doc), reader);
                        if (visible.isPresent() && found.size() <= limit) {
                            found.add(visible.get());
                            at.add(cursor);
                        }
                    }
                    if (top.scoreDocs.length < limit + 1) {
                        break;
                    }
                }
            } finally {
                index.searchers().release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("search failed: " + e.getMessage(), e);
        }
        boolean more = found.size() > limit;
        return new SearchPage(more ? found.subList(0, limit) : found, more ? at.get(limit - 1) : null);
    }

    private static FieldDoc fieldDoc(SearchCursor c) {
        // doc -1: ties on (timestamp, position) are kept and the cursor's own post skipped above
        return new FieldDoc(-1, Float.NaN, new Object[] {c.timestamp(), c.position()});
    }

    /** The entry as {@code reader} may see it: held, a post, and public or opened for them. */
    private Optional<Entry> visible(Document doc, FeedId reader) {
        // by (feed, seq), the store's key, and checked against the id: a lookup by id may scan
        Optional<Entry> held = node.store()
                .get(
                        FeedId.parse(doc.get(IndexFields.AUTHOR)),
                        doc.getField(IndexFields.SEQ).numericValue().longValue())
                .filter(e -> e.id().toString().equals(doc.get(IndexFields.ID)));
        if (held.isEmpty()) {
            return Optional.empty(); // pruned since it was indexed
        }
        Entry e = held.get();
        if (Protection.isPublic(e)) {
            return Kind.POST.equals(e.kind()) ? held : Optional.empty();
        }
        if (reader == null) {
            return Optional.empty();
        }
        Entry opened = node.read(reader, e);
        return opened.isOpened() && Kind.POST.equals(opened.kind()) ? Optional.of(opened) : Optional.empty();
    }

    /** Stops the indexing thread, commits what it indexed and closes the index. */
    @Override
    public synchronized void close() {
        running = false;
        try {
            if (wakeUp != null) {
                wakeUp.close();
            }
        } catch (Exception e) {
            LOG.debug("could not stop listening for entries", e);
        }
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            indexer.commit();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not commit the search index on close (it catches up next time): {}", e.toString());
        }
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("could not close the search index: {}", e.toString());
        }
    }
}
