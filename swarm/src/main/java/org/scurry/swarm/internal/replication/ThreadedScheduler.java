package org.scurry.swarm.internal.replication;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.scurry.swarm.spi.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Scheduler} on one daemon thread of a {@link ScheduledExecutorService} and the wall clock. */
public final class ThreadedScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadedScheduler.class);

    private final ScheduledExecutorService actor;

    public ThreadedScheduler(String threadName) {
        this.actor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        try {
            actor.execute(task);
        } catch (RejectedExecutionException e) {
            // shut down
        }
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        try {
            actor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shut down
        }
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void shutdown(Runnable last) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            actor.execute(() -> {
                try {
                    last.run();
                } finally {
                    done.complete(null);
                }
            });
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("last task did not run before shutdown: {}", e.toString());
        }
        actor.shutdownNow();
    }
}
