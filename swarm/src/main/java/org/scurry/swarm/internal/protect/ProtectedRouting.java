package org.scurry.swarm.internal.protect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.internal.replication.RequestRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's answers to replication about follow requests (docs/protected.md, "How a request
 * reaches its owner"), from {@link ProtectedFeeds}. The asks of local feeds are computed off the
 * replication thread (on one daemon thread shared by every node of the process, which ends when
 * idle: a simulator runs thousands of nodes): the first time they fold every local feed (a
 * gateway's thousands of accounts), which must not hold up replication. Replication gets the last
 * list computed, and is told ({@code changed}) when a new one differs. Thread-safe.
 */
public final class ProtectedRouting implements RequestRouting, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProtectedRouting.class);
    /** How old the list of asks may be before replication's next look refreshes it. */
    private static final long REFRESH_MILLIS = 30_000;

    private final ProtectedFeeds protection;
    private final Supplier<List<FeedId>> localFeeds;
    private final Predicate<FeedId> isLocal;
    private static final ThreadPoolExecutor WORKER = worker();

    private final Runnable changed;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile List<Ask> asks = List.of();
    private volatile long refreshedAt = Long.MIN_VALUE;
    private volatile boolean closed;

    public ProtectedRouting(
            ProtectedFeeds protection, Supplier<List<FeedId>> localFeeds, Predicate<FeedId> isLocal, Runnable changed) {
        this.protection = protection;
        this.localFeeds = localFeeds;
        this.isLocal = isLocal;
        this.changed = changed;
    }

    private static ThreadPoolExecutor worker() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "scurry-request-asks");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void localRequestMade() {
        refreshedAt = Long.MIN_VALUE;
        refresh();
    }

    @Override
    public List<Ask> outgoing() {
        if (System.currentTimeMillis() - refreshedAt > REFRESH_MILLIS) {
            refresh();
        }
        return asks;
    }

    private void refresh() {
        if (closed || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            WORKER.execute(() -> {
                if (closed) {
                    refreshing.set(false);
                    return;
                }
                try {
                    List<Ask> fresh = new ArrayList<>();
                    for (ProtectedFeeds.Ask a : protection.asks(localFeeds.get(), MAX_HINTS)) {
                        fresh.add(new Ask(a.requester(), a.owner()));
                    }
                    refreshedAt = System.currentTimeMillis();
                    boolean differs = !fresh.equals(asks);
                    asks = List.copyOf(fresh);
                    if (differs) {
                        changed.run();
                    }
                } catch (RuntimeException e) {
                    if (!closed) { // else the store closed under it
                        LOG.warn("could not list the follow requests to hint: {}", e.toString());
                    }
                } finally {
                    refreshing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.set(false);
        }
    }

    @Override
    public boolean takesRequests(FeedId owner) {
        return isLocal.test(owner) && protection.isProtected(owner);
    }

    @Override
    public boolean pending(FeedId requester, FeedId owner) {
        return protection.hasPendingRequest(owner, requester);
    }

    /** Stops refreshing (the node is closing: its store is about to close). */
    @Override
    public void close() {
        closed = true;
    }
}
