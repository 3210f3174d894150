package org.scurry.bridges.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.URISupport;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.spi.Arrival;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the entries the node stores (local or replicated) that pass the endpoint's filters, in the
 * order the store took them, each once, from a position it keeps: nothing is dropped when the route
 * is slow, and a consumer with a {@code consumerId} resumes after a restart where it stopped.
 *
 * <p>The consumer reads the store, not a stream: its own thread (from Camel's {@code
 * ExecutorServiceManager}) reads up to {@code queueSize} entries after its position ({@link
 * Store#arrivedSince}), applies the filters, runs the route for each entry that passes and moves
 * the position past each entry, then reads again until it has caught up. The node's entry listener,
 * on the replication thread, only wakes that thread (it never waits for a route), so a route that
 * falls behind holds no more than {@code queueSize} entries in memory and catches up from the store.
 * The first start of a consumer begins after the newest entry held then: it emits what is stored
 * from then on.
 *
 * <p>Without a {@code consumerId} the position is kept in memory: a route stopped and started again
 * resumes, a new consumer starts at the store's end. The position ({@link ConsumerPosition}) is saved when the consumer has caught up, at most once
 * a second while it catches up, and when it stops: after a crash the entries since the last save are
 * emitted again (at least once, in order); after a clean stop none are. An entry whose route was
 * interrupted by the stop is emitted again at the next start. If the store holds less than the
 * position (it lost its last deferred writes in a crash, or was replaced) the consumer starts again
 * from the store's end, with a warning.
 *
 * <p>For {@code timelineOf} the consumer reads the account's follows at start and then keeps them
 * current from the account's own follow and unfollow entries as they pass, so an entry is in the
 * timeline when its author was followed at the moment it was stored (entries emitted again after a
 * restart are judged by the follows at the restart). Authors' display names ({@link
 * ScurryConstants#AUTHOR_NAME}) are read once per author and again after a {@code profile} entry of
 * theirs passes, not once per entry.
 */
public class ScurryConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(ScurryConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Save the position at most this often while catching up. */
    private static final long SAVE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Wait at most this long between reads when not woken: covers a wake-up missed for any reason. */
    private static final long IDLE_CHECK_MILLIS = 1000;
    /** After a failed read (the store closing, an I/O error), log at most this often. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Semaphore wake = new Semaphore(0);
    private final Set<FeedId> followed = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile long position;
    private volatile long emitted;
    private Node node;
    private Store store;
    private FeedId feed;
    private String kind;
    private FeedId timelineOf;
    private boolean includeOwn;
    private int batch;
    private String uri;
    private ConsumerPosition saved;
    private long savedPosition;
    private long lastSave;
    private long lastReadWarning;
    private ExecutorService executor;
    private AutoCloseable subscription;
    private AuthorNames names;

    public ScurryConsumer(ScurryEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public ScurryEndpoint getEndpoint() {
        return (ScurryEndpoint) super.getEndpoint();
    }

    /** The store position of the last entry this consumer has dealt with (emitted or filtered out). */
    public long position() {
        return position;
    }

    /** How many exchanges this consumer has emitted since it started. */
    public long emittedCount() {
        return emitted;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ScurryConfiguration config = getEndpoint().getConfiguration();
        uri = URISupport.sanitizeUri(getEndpoint().getEndpointUri());
        node = getEndpoint().requireNode();
        store = node.store();
        feed = ScurryEndpoint.parseFeedOption("feed", config.getFeed());
        kind = config.getKind();
        timelineOf = ScurryEndpoint.parseFeedOption("timelineOf", config.getTimelineOf());
        includeOwn = config.isIncludeOwn();
        batch = config.getQueueSize();
        saved = positions(config);
        position = startPosition();
        savedPosition = position;
        emitted = 0;
        lastSave = System.nanoTime();
        lastReadWarning = lastSave - WARN_EVERY_NANOS;
        names = new AuthorNames(node);
        running = true;
        subscription = node.onEntry(this::stored);
        if (timelineOf != null) {
            followed.addAll(node.following(timelineOf));
        }
        executor = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadExecutor(this, "ScurryConsumer[" + uri + "]");
        executor.execute(this::run);
        LOG.info(
                "consuming entries of node {} from {}, after store position {}{}",
                node.id(),
                uri,
                position,
                saved.file() == null ? "" : " (kept in " + saved.file() + ")");
    }

    /**
     * In {@code positionDir}, else in {@code consumers/} of the node's data directory; in memory
     * (with a warning) when the node keeps no files there (an in-memory node in a test).
     */
    private ConsumerPosition positions(ScurryConfiguration config) {
        String id = config.getConsumerId();
        if (id == null) {
            return getEndpoint().inMemoryPosition(); // the endpoint's: it outlives a stop and start of the route
        }
        if (config.getPositionDir() != null && !config.getPositionDir().isBlank()) {
            return ConsumerPosition.durable(Path.of(config.getPositionDir()), id);
        }
        Path data = node.config().dataDir();
        if (data == null || !Files.isDirectory(data)) {
            LOG.warn("{}: keeps its position in memory only: the node's data directory {} does not exist", uri, data);
            return ConsumerPosition.inMemory();
        }
        return ConsumerPosition.durable(data.resolve("consumers"), id);
    }

    private long startPosition() {
        long end = store.lastArrival();
        OptionalLong kept = saved.load();
        if (kept.isEmpty()) {
            return end;
        }
        if (kept.getAsLong() > end) {
            LOG.warn(
                    "{}: the store ends at position {}, before this consumer's {} (it lost its last writes in a"
                            + " crash, or is another store): going on from its end",
                    uri,
                    end,
                    kept.getAsLong());
            return end;
        }
        return kept.getAsLong();
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        wake.release();
        if (executor != null) {
            // The entry in the route finishes (its position then counts); a stuck one is interrupted.
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, 10_000);
            executor = null;
        }
        savePosition();
        LOG.info("{}: stopped at store position {}", uri, position);
        super.doStop();
    }

    /** The node's entry listener, on its replication thread: never blocks. */
    private void stored(Entry entry) {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** The consumer's own thread: reads, emits, waits to be woken; until stopped. */
    private void run() {
        while (running) {
            wake.drainPermits(); // before reading: an entry stored after the read wakes the next one
            int read = catchUp();
            if (read < batch) {
                savePosition();
                try {
                    wake.tryAcquire(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Emits one read's worth of entries; returns how many the read returned (0 after a failure). */
    private int catchUp() {
        List<Arrival> arrivals;
        try {
            arrivals = store.arrivedSince(position, batch);
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (running && now - lastReadWarning >= WARN_EVERY_NANOS) {
                lastReadWarning = now;
                LOG.warn("{}: cannot read the store after position {}, retrying: {}", uri, position, LogText.of(e));
            }
            return 0;
        }
        for (Arrival a : arrivals) {
            if (!running) {
                break;
            }
            Entry entry = a.entry();
            names.seen(entry); // before the entry is emitted: its own exchange sees the new name
            if (passes(entry) && !emit(entry)) {
                break; // interrupted by the stop: emitted again at the next start
            }
            position = a.position();
            if (System.nanoTime() - lastSave >= SAVE_EVERY_NANOS) {
                savePosition();
            }
        }
        return arrivals.size();
    }

    private void savePosition() {
        long p = position;
        if (p == savedPosition) {
            return;
        }
        try {
            saved.save(p);
            savedPosition = p;
        } catch (RuntimeException e) {
            LOG.warn("{}: {}", uri, LogText.of(e.getMessage()));
        }
        lastSave = System.nanoTime();
    }

    private boolean passes(Entry entry) {
        if (timelineOf != null && !inTimeline(entry)) {
            return false;
        }
        return (feed == null || feed.equals(entry.author())) && (kind == null || kind.equals(entry.kind()));
    }

    /** Runs the route for {@code entry}; false when the stop interrupted it. */
    private boolean emit(Entry entry) {
        Exchange exchange = createExchange(false);
        try {
            EntryHeaders.apply(exchange.getIn(), entry, names);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        boolean interrupted = !running && (Thread.currentThread().isInterrupted() || exchange.getException() != null);
        if (exchange.getException() != null && !interrupted) {
            getExceptionHandler().handleException("error processing " + entry, exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
        if (!interrupted) {
            emitted++;
        }
        return !interrupted;
    }

    private boolean inTimeline(Entry entry) {
        if (timelineOf.equals(entry.author())) {
            trackFollows(entry);
            return includeOwn;
        }
        return followed.contains(entry.author());
    }

    private void trackFollows(Entry entry) {
        boolean follow = Kind.FOLLOW.equals(entry.kind());
        if (!follow && !Kind.UNFOLLOW.equals(entry.kind())) {
            return;
        }
        try {
            JsonNode content = JSON.readTree(entry.content());
            FeedId target = FeedId.parse(content.path("feed").asText());
            if (follow) {
                followed.add(target);
            } else {
                followed.remove(target);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{} has no readable feed to (un)follow: {}", entry, LogText.of(e.getMessage()));
        }
    }
}
