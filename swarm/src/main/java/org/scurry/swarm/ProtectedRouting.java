package org.scurry.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.scurry.swarm.protect.Protection;
import org.scurry.swarm.replication.RequestRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's answers to replication about follow requests (docs/protected.md, "How a request
 * reaches its owner"), from {@link Protection}. The asks of local feeds are computed on a thread
 * of their own, not on the replication thread: the first time they fold every local feed (a
 * gateway's thousands of accounts), which must not hold up replication; replication gets the last
 * list computed, and is told ({@code changed}) when a new one differs. Thread-safe.
 */
final class ProtectedRouting implements RequestRouting, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProtectedRouting.class);
    /** How old the list of asks may be before replication's next look refreshes it. */
    private static final long REFRESH_MILLIS = 30_000;

    private final Protection protection;
    private final Supplier<List<FeedId>> localFeeds;
    private final java.util.function.Predicate<FeedId> isLocal;
    private final Runnable changed;
    private final ExecutorService worker;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile List<Ask> asks = List.of();
    private volatile long refreshedAt = Long.MIN_VALUE;

    ProtectedRouting(
            Protection protection,
            Supplier<List<FeedId>> localFeeds,
            java.util.function.Predicate<FeedId> isLocal,
            Runnable changed,
            String name) {
        this.protection = protection;
        this.localFeeds = localFeeds;
        this.isLocal = isLocal;
        this.changed = changed;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scurry-asks-" + name);
            t.setDaemon(true);
            return t;
        });
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
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    List<Ask> fresh = new ArrayList<>();
                    for (Protection.Ask a : protection.asks(localFeeds.get(), MAX_HINTS)) {
                        fresh.add(new Ask(a.requester(), a.owner()));
                    }
                    refreshedAt = System.currentTimeMillis();
                    boolean differs = !fresh.equals(asks);
                    asks = List.copyOf(fresh);
                    if (differs) {
                        changed.run();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("could not list the follow requests to hint: {}", e.toString());
                } finally {
                    refreshing.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            refreshing.set(false); // closed
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

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
