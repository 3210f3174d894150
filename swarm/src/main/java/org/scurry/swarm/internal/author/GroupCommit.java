package org.scurry.swarm.internal.author;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the entries of local authors: entries handed in by concurrent callers are
 * coalesced into one durable {@link Store#appendAll} transaction, so that many posts share one disk
 * write (a commit and a checkpoint on H2) instead of paying one each.
 *
 * <p><b>Contract.</b> An entry's future completes only after the {@code appendAll} call that held it
 * has returned with {@link AppendResult.Status#APPENDED}: when it completes normally the entry is
 * durable in the store's sense (it survives kill -9) and the {@code onAppended} callback has been
 * called for it. It completes exceptionally when the store threw or did not append the entry;
 * nothing of that entry is then reported as kept. Entries are appended in the order they were
 * queued, so the entries of one feed, queued under that feed's lock in seq order, keep their order.
 *
 * <p><b>Who writes.</b> No thread of its own unless needed: a caller that will wait ({@link
 * #await}) and finds nobody committing becomes the writer, commits batches until its own entry is
 * done, and then hands any remaining work over to a lazily created writer thread. A caller that does
 * not wait ({@link #later}) hands the work to that thread at once. A single-threaded user (the swarm
 * simulator, a test) thus appends inline as before, with no thread started.
 *
 * <p>{@link #enqueue} blocks while {@value #MAX_QUEUED} entries are waiting (backpressure). All
 * methods are thread-safe.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** At most this many entries in one transaction. */
    static final int MAX_BATCH = 1_000;
    /** Callers of {@link #awaitRoom} wait while this many entries are queued. */
    static final int MAX_QUEUED = 10_000;

    /** An entry on its way to the store. {@code lead}: the caller that queued it must start the writing. */
    public static final class Pending {
        final Entry entry;
        final LocalAuthor author;
        final CompletableFuture<Entry> done = new CompletableFuture<>();
        final boolean lead;

        private Pending(Entry entry, LocalAuthor author, boolean lead) {
            this.entry = entry;
            this.author = author;
            this.lead = lead;
        }
    }

    private final Store store;
    private final Consumer<Entry> onAppended;
    private final String name;
    private final org.scurry.swarm.spi.NodeMeter meter;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** True while a caller or the writer thread is committing; whenever the queue is not empty, it is. */
    private boolean writing;

    private boolean closed;
    private ExecutorService writer;

    /**
     * @param onAppended called for each appended entry, in order, before its future completes (the
     *     node tells replication); must not block
     * @param name for the writer thread's name
     */
    public GroupCommit(Store store, Consumer<Entry> onAppended, String name) {
        this(store, onAppended, name, org.scurry.swarm.spi.NodeMeter.NONE);
    }

    /** As above, telling {@code meter} how long each append transaction took. */
    public GroupCommit(Store store, Consumer<Entry> onAppended, String name, org.scurry.swarm.spi.NodeMeter meter) {
        this.store = store;
        this.onAppended = onAppended;
        this.name = name;
        this.meter = meter;
    }

    /** Blocks while the queue is full. Call before taking an author's lock. */
    public synchronized void awaitRoom() {
        boolean interrupted = false;
        while (queue.size() >= MAX_QUEUED && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Queues a signed entry. Called with the author's lock held, so the entries of a feed are queued
     * in seq order. Throws IllegalStateException once closed.
     */
    synchronized Pending enqueue(Entry entry, LocalAuthor author) {
        if (closed) {
            throw new IllegalStateException("the node is closed: " + entry + " not appended");
        }
        boolean lead = !writing;
        writing = true;
        Pending p = new Pending(entry, author, lead);
        queue.addLast(p);
        return p;
    }

    /**
     * Fails every queued entry of {@code author} (they are chained on an entry that was not
     * appended), for the same kind of reason: a store that refuses writes ({@link
     * StoreUnavailableException}) refuses them too. Called with the author's lock held.
     */
    void failQueued(LocalAuthor author, RuntimeException cause) {
        List<Pending> failed = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.author == author) {
                    it.remove();
                    failed.add(p);
                }
            }
            notifyAll();
        }
        for (Pending p : failed) {
            p.done.completeExceptionally(
                    cause instanceof StoreUnavailableException
                            ? new StoreUnavailableException(cause.getMessage(), cause)
                            : new IllegalStateException("own entry not appended (an earlier entry of the feed failed: "
                                    + cause.getMessage() + "): " + p.entry));
        }
    }

    /** Blocks until {@code p} is durable and returns it; rethrows what made it fail. */
    public Entry await(Pending p) {
        if (p.lead) {
            writeUntil(p);
        }
        try {
            return p.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The future of {@code p}, which completes on the writer thread once {@code p} is durable. */
    public CompletableFuture<Entry> later(Pending p) {
        if (p.lead) {
            handOver();
        }
        return p.done;
    }

    /** As the leading caller: commit batches until {@code own} is done, then hand the rest over. */
    private void writeUntil(Pending own) {
        try {
            while (!own.done.isDone()) {
                List<Pending> batch = takeBatch();
                if (batch.isEmpty()) {
                    return; // own was failed by failQueued or close while queued
                }
                commit(batch);
            }
        } finally {
            boolean more;
            synchronized (this) {
                more = !queue.isEmpty();
                writing = more;
            }
            if (more) {
                handOver();
            }
        }
    }

    /** Lets the writer thread commit until the queue is empty. The caller has set {@code writing}. */
    private void handOver() {
        ExecutorService w;
        synchronized (this) {
            if (writer == null && !closed) {
                writer = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "scurry-group-commit-" + name);
                    t.setDaemon(true);
                    return t;
                });
            }
            w = writer;
        }
        try {
            if (w != null) {
                w.execute(this::writeAll);
                return;
            }
        } catch (RejectedExecutionException e) {
            // closing: write in this thread instead
        }
        writeAll();
    }

    private void writeAll() {
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                if (queue.isEmpty()) {
                    writing = false;
                    return;
                }
                batch = takeBatch();
            }
            commit(batch);
        }
    }

    private synchronized List<Pending> takeBatch() {
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(queue.pollFirst());
        }
        notifyAll();
        return batch;
    }

    private void commit(List<Pending> batch) {
        List<Entry> entries = new ArrayList<>(batch.size());
        batch.forEach(p -> entries.add(p.entry));
        List<AppendResult> results;
        try {
            long started = System.nanoTime();
            results = store.appendAll(entries);
            meter.appended(entries.size(), System.nanoTime() - started);
            if (results.size() != entries.size()) {
                throw new IllegalStateException(
                        "store answered " + results.size() + " results for " + entries.size() + " entries");
            }
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                fail(p, e);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            AppendResult r = results.get(i);
            if (r.appended()) {
                try {
                    onAppended.accept(p.entry);
                } catch (RuntimeException e) {
                    LOG.warn("after appending {}: {}", p.entry, e.toString());
                }
                p.done.complete(p.entry);
            } else {
                fail(p, new IllegalStateException("own entry not appended (" + r.status() + "): " + p.entry));
            }
        }
    }

    private void fail(Pending p, RuntimeException cause) {
        p.author.notAppended(this, cause);
        p.done.completeExceptionally(cause);
    }

    /**
     * Commits what is queued, refuses new entries and stops the writer thread. Waits at most 30 s;
     * entries still queued after that fail.
     */
    @Override
    public void close() {
        ExecutorService w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
            w = writer;
        }
        if (w != null) {
            w.shutdown();
            try {
                if (!w.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("local entries still being written after 30 s; closing anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Pending> left;
        synchronized (this) {
            left = new ArrayList<>(queue);
            queue.clear();
        }
        for (Pending p : left) {
            p.done.completeExceptionally(
                    new IllegalStateException("the node closed before " + p.entry + " was appended"));
        }
    }
}
