package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound pipeline: entries received from peers are verified in parallel (Ed25519 verification
 * is the replication hot path, so it uses every core) and then appended by one writer thread in
 * the order they arrived, a batch per transaction. Order matters: a feed's entries must reach the
 * store in sequence.
 *
 * <p>{@link #submit} blocks the calling network thread when {@link #QUEUE_BATCHES} batches wait:
 * that stops reading from the socket, which is the backpressure a fast sender must feel.
 */
final class Ingest implements EntryIntake {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    static final int QUEUE_BATCHES = 32;
    /** Most entries appended in one transaction. */
    static final int GROUP_ENTRIES = 4096;

    private static final int MIN_CHUNK = 16;

    /** Outcome of one received batch. */
    record Result(PeerLink from, List<AppendResult> results, List<InvalidEntryException> invalid) {}

    private record Batch(PeerLink from, CompletableFuture<Verified> verified) {}

    /** A batch's entries split by the validator (also {@link InlineIngest}'s). */
    record Verified(List<Entry> valid, List<InvalidEntryException> invalid) {}

    private final Store store;
    private final EntryValidator validator;
    private final Consumer<Result> onResult;
    private final NodeMeter meter;
    private final ExecutorService verifiers;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final Thread writer;
    private final int threads;
    private volatile boolean closed;
    /** Entries the store refused since it last took some, and when that was last logged (writer thread). */
    private long refused;

    private long refusedLogged;

    Ingest(Store store, EntryValidator validator, String name, NodeMeter meter, Consumer<Result> onResult) {
        this.store = store;
        this.validator = validator;
        this.onResult = onResult;
        this.meter = meter;
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.verifiers = Executors.newFixedThreadPool(threads, daemon(name + "-verify"));
        this.writer = daemon(name + "-writer").newThread(this::writeLoop);
        writer.start();
    }

    /** Queues a received batch; blocks while the queue is full. */
    @Override
    public synchronized void submit(PeerLink from, List<Entry> entries) {
        if (closed) {
            return;
        }
        try {
            queue.put(new Batch(from, verify(entries)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<Verified> verify(List<Entry> entries) {
        int chunks = Math.max(1, Math.min(threads, entries.size() / MIN_CHUNK));
        int size = (entries.size() + chunks - 1) / chunks;
        List<CompletableFuture<Verified>> parts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i += size) {
            List<Entry> part = entries.subList(i, Math.min(entries.size(), i + size));
            parts.add(CompletableFuture.supplyAsync(() -> verifyAll(validator, part, meter), verifiers));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Entry> valid = new ArrayList<>(entries.size());
            List<InvalidEntryException> invalid = new ArrayList<>();
            for (CompletableFuture<Verified> p : parts) {
                Verified r = p.join();
                valid.addAll(r.valid());
                invalid.addAll(r.invalid());
            }
            return new Verified(valid, invalid);
        });
    }

    /** Validates {@code part} on the calling thread, telling {@code meter} what passed and what did not. */
    static Verified verifyAll(EntryValidator validator, List<Entry> part, NodeMeter meter) {
        List<Entry> valid = new ArrayList<>(part.size());
        List<InvalidEntryException> invalid = new ArrayList<>();
        for (Entry e : part) {
            try {
                validator.validate(e);
                valid.add(e);
            } catch (InvalidEntryException ex) {
                invalid.add(ex);
                meter.refused(Metered.reason(ex), 1);
            }
        }
        meter.verified(valid.size());
        return new Verified(valid, invalid);
    }

    /**
     * Takes the next verified batch and, while more are already verified, up to {@link
     * #GROUP_ENTRIES} entries of those too, and appends them in one transaction: under load the
     * per-transaction cost is paid once per group, not once per batch.
     */
    private void writeLoop() {
        while (!closed) {
            Batch first;
            try {
                // Poll, never interrupt: an interrupt inside H2's file I/O closes its channel.
                first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Batch> group = new ArrayList<>();
            List<Verified> verified = new ArrayList<>();
            List<Entry> all = new ArrayList<>();
            Batch next = first;
            while (next != null) {
                Verified v = next.verified().join();
                group.add(next);
                verified.add(v);
                all.addAll(v.valid());
                Batch peek = queue.peek();
                next = peek != null && peek.verified().isDone() && all.size() < GROUP_ENTRIES ? queue.poll() : null;
            }
            try {
                List<AppendResult> results = all.isEmpty() ? List.of() : Metered.append(store, all, meter);
                int offset = 0;
                for (int i = 0; i < group.size(); i++) {
                    int n = verified.get(i).valid().size();
                    onResult.accept(new Result(
                            group.get(i).from(),
                            results.subList(offset, offset + n),
                            verified.get(i).invalid()));
                    offset += n;
                }
                if (refused > 0) {
                    LOG.info("storing replicated entries again ({} were refused meanwhile)", refused);
                    refused = 0;
                    refusedLogged = 0;
                }
            } catch (org.scurry.swarm.StoreUnavailableException e) {
                // The disk is full: peers are told our clock again once the store recovers. One
                // line per half minute, not one per peer batch.
                refused += all.size();
                meter.refused("store_unavailable", all.size());
                long now = System.nanoTime();
                if (refusedLogged == 0 || now - refusedLogged > 30_000_000_000L) {
                    refusedLogged = now;
                    LOG.warn("replicated entries not stored ({} so far): {}", refused, e.getMessage());
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                meter.refused("store_error", all.size());
                LOG.error(
                        "could not store {} entries from {} peer batches: {}",
                        all.size(),
                        group.size(),
                        e.toString(),
                        e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        verifiers.shutdown();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
