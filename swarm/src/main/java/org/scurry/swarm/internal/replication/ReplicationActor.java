package org.scurry.swarm.internal.replication;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.spi.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication thread (the "actor"): every step of replication runs here, one at a time, so
 * the replication state needs no locks; other threads hand work over with {@link #run} or wait for
 * an answer with {@link #ask}. Its {@link Scheduler}'s clock is the only one replication reads
 * (the simulator's virtual time). A step that fails is logged and the next one runs; after each
 * step the {@code afterEachStep} work runs (the clock notes that step made due).
 */
final class ReplicationActor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationActor.class);

    private final Scheduler scheduler;
    private Runnable afterEachStep = () -> {};
    private volatile boolean closed;

    ReplicationActor(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Work to run after each step, in the same guard (set once, while wiring up). */
    void afterEachStep(Runnable work) {
        this.afterEachStep = work;
    }

    /** The scheduler's time in milliseconds. */
    long now() {
        return scheduler.now();
    }

    /** True once {@link #shutdown} was called: steps handed over from then on are dropped. */
    boolean closed() {
        return closed;
    }

    /** Runs {@code task} on the replication thread after the steps already due. Never blocks. */
    void run(Runnable task) {
        if (closed) {
            return;
        }
        scheduler.execute(() -> guarded(task));
    }

    @Override
    public void execute(Runnable task) {
        run(task);
    }

    /** Runs {@code task} every {@code millis}, counted from the end of the previous run. */
    void every(long millis, Runnable task) {
        scheduler.schedule(
                () -> {
                    if (!closed) {
                        guarded(task);
                        every(millis, task);
                    }
                },
                millis);
    }

    private void guarded(Runnable task) {
        try {
            task.run();
            afterEachStep.run();
        } catch (StoreUnavailableException e) {
            // Expected while the disk is full; what was not stored is fetched again on recovery.
            LOG.warn("replication step skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("replication step failed: {}", e.toString(), e);
            }
        }
    }

    /**
     * Runs {@code work} on the replication thread and waits for it (at most 30 s); its exception
     * is rethrown here, and a timeout is an IllegalStateException.
     */
    <T> T ask(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException("the replication thread did not answer within 30 s");
        }
    }

    /**
     * Runs {@code work} on the replication thread and waits for it at most 2 s (a status must
     * answer on a busy node); on a timeout or failure, {@code orElse}'s answer.
     */
    <T> T askBriefly(Supplier<T> work, Supplier<T> orElse) {
        CompletableFuture<T> fresh = new CompletableFuture<>();
        run(() -> fresh.complete(work.get()));
        try {
            return fresh.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return orElse.get();
        }
    }

    /** Runs {@code last} on the replication thread, then no step more (see {@link Scheduler#shutdown}). */
    void shutdown(Runnable last) {
        scheduler.shutdown(last);
        closed = true;
    }
}
