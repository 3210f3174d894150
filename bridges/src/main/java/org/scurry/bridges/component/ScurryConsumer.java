package org.scurry.bridges.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.URISupport;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
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
 * <p>Two paths, one thread. The node's entry listener, on the replication thread, only offers the
 * entry to a queue of {@code queueSize} (it never waits for a route). The consumer's own thread
 * (from Camel's {@code ExecutorServiceManager}) emits what the queue hands over at once: the path
 * of low latency, with no store read before an entry is emitted. The store is the record: a
 * <em>store pass</em> reads it in the order it took entries after the position ({@link
 * Store#arrivedSince}), moves the position over the entries already emitted and emits those that
 * were not. It runs when the consumer starts (catching up from the kept position), after the queue
 * was full (the listener dropped an entry: the pass finds it, in order, after the queued ones), when
 * no entry came for a tenth of a second, and at least once a second. So a route that falls behind
 * loses nothing and holds no more than {@code queueSize} entries in memory. The first start of a
 * consumer begins after the newest entry held then.
 *
 * <p>Without a {@code consumerId} the position is kept in memory (on the endpoint): a route stopped
 * and started again resumes, a new consumer starts at the store's end. The position ({@link
 * ConsumerPosition}) is saved after an idle store pass, at most once a second while entries keep
 * coming, and when the consumer stops (after a last pass over what it emitted): after a crash the
 * entries since the last save are emitted again (at least once, in order); after a clean stop none
 * are. An entry whose route was interrupted by the stop is emitted again at the next start. If the
 * store holds less than the position (it lost its last deferred writes in a crash, or was replaced)
 * the consumer starts again from the store's end, with a warning.
 *
 * <p>For {@code timelineOf} the consumer reads the account's follows at start and then keeps them
 * current from the account's own follow and unfollow entries as they pass, so an entry is in the
 * timeline when its author was followed at the moment it was stored (entries emitted again after a
 * restart are judged by the follows at the restart). Authors' display names ({@link
 * ScurryConstants#AUTHOR_NAME}) are read once per author and again after a {@code profile} entry of
 * theirs passes, not once per entry.
 *
 * <p>Why it is long: the two paths and the position share one thread and one lock-free hand-over;
 * kept together so that the order and at-least-once argument above can be checked in one file (the
 * position's file is ConsumerPosition's).
 */
public class ScurryConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(ScurryConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Save the position at most this often while catching up. */
    private static final long SAVE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After this long without a new entry, a store pass confirms what was emitted live. */
    private static final long IDLE_PASS_MILLIS = 100;
    /** While entries keep coming, a store pass at least this often. */
    private static final long PASS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After a failed read (the store closing, an I/O error), log at most this often. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Entries handed over by the node's listener, in append order; null until started. */
    private volatile ArrayBlockingQueue<HandOver> live;
    /** Set by the listener when {@link #live} was full: a store pass must find what it dropped. */
    private volatile boolean behind;
    /** Emitted from {@link #live}, not yet passed by the position (consumer thread only). */
    private final LinkedHashSet<EntryId> unconfirmed = new LinkedHashSet<>();
    /** Emitted by store passes (the latest {@code queueSize}): a late hand-over of one is skipped. */
    private final LinkedHashSet<EntryId> fromStore = new LinkedHashSet<>();

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
    private long lastPass;
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

    /**
     * The store position up to which this consumer has dealt with every entry (emitted it or
     * filtered it out). An entry emitted as the listener handed it over counts once a store pass
     * has gone over it (within a second).
     */
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
        unconfirmed.clear();
        fromStore.clear();
        followed.clear();
        behind = false;
        live = new ArrayBlockingQueue<>(batch);
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
        if (!live.offer(new HandOver(entry, store.lastArrival()))) {
            behind = true;
        }
    }

    /**
     * An entry the listener handed over, with the store's last position when it did: the listener
     * runs after the store took the entry, so the entry's own position is at most {@code storedBy}.
     * A hand-over that comes after a store pass moved the position past {@code storedBy} is of an
     * entry the pass dealt with already, however many entries the pass emitted meanwhile.
     */
    private record HandOver(Entry entry, long storedBy) {}

    /**
     * The consumer's own thread, until stopped. It first catches up from the store (from the kept
     * position); then it emits what the listener hands over as it comes (the low-latency path),
     * and runs a store pass ({@link #storePass}) when no entry came for {@value #IDLE_PASS_MILLIS}
     * ms after some were emitted, at least once a second, when the hand-over queue was full, or when too many entries
     * wait to be confirmed. Before it ends it moves the position over what it emitted.
     */
    private void run() {
        try {
            storePass();
            while (running) {
                HandOver next;
                try {
                    next = live.poll(IDLE_PASS_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                boolean due = System.nanoTime() - lastPass >= PASS_EVERY_NANOS;
                if (next != null) {
                    if (!takeLive(next)) {
                        return;
                    }
                    if (!behind && unconfirmed.size() < batch && !due) {
                        continue;
                    }
                } else if (!behind && unconfirmed.isEmpty() && !due) {
                    continue; // idle with nothing to confirm: the once-a-second pass will do
                }
                // What was queued before the pass goes first, in order (no more: it may keep coming).
                for (int n = live.size(); n > 0 && running; n--) {
                    HandOver queued = live.poll();
                    if (queued != null && !takeLive(queued)) {
                        return;
                    }
                }
                storePass();
                if (next == null || System.nanoTime() - lastSave >= SAVE_EVERY_NANOS) {
                    savePosition();
                }
            }
        } finally {
            confirmEmitted();
        }
    }

    /** Emits an entry the listener handed over, unless a store pass emitted it already. */
    private boolean takeLive(HandOver handOver) {
        Entry entry = handOver.entry();
        if (fromStore.remove(entry.id()) || handOver.storedBy() <= position) {
            return true;
        }
        if (!handle(entry)) {
            return false;
        }
        unconfirmed.add(entry.id());
        return true;
    }

    /**
     * Reads the store from the position until caught up: moves the position over the entries
     * emitted live, and emits those that were not (dropped from a full queue, stored while the
     * consumer was stopped, or whose hand-over is still on its way). Everything offered to the
     * queue before the pass was stored before it was offered, so the pass reads it: the queue is
     * cleared first, and a late hand-over of an entry this pass emitted is skipped ({@link
     * #fromStore}, and {@link HandOver#storedBy} for one the pass went past before the listener
     * ran). Returns false when the stop interrupted it.
     */
    private boolean storePass() {
        lastPass = System.nanoTime();
        behind = false;
        live.clear();
        while (running) {
            List<Arrival> arrivals = read();
            if (arrivals == null) {
                return true;
            }
            for (Arrival a : arrivals) {
                Entry entry = a.entry();
                if (!unconfirmed.remove(entry.id())) {
                    if (!running || !handle(entry)) {
                        return false; // interrupted by the stop: emitted again at the next start
                    }
                    fromStore.add(entry.id());
                    if (fromStore.size() > batch) { // an older one's hand-over is known by its storedBy
                        fromStore.remove(fromStore.iterator().next());
                    }
                }
                position = a.position();
            }
            if (arrivals.size() < batch) {
                // Caught up: every entry emitted live was stored before, so it was read; what is
                // left was pruned meanwhile.
                unconfirmed.clear();
                return true;
            }
            if (System.nanoTime() - lastSave >= SAVE_EVERY_NANOS) {
                savePosition();
            }
        }
        return false;
    }

    /** At the end: moves the position over the entries emitted live, emitting nothing. */
    private void confirmEmitted() {
        while (!unconfirmed.isEmpty()) {
            List<Arrival> arrivals = read();
            if (arrivals == null || arrivals.isEmpty()) {
                return;
            }
            for (Arrival a : arrivals) {
                if (!unconfirmed.remove(a.entry().id())) {
                    return; // not emitted: emitted at the next start
                }
                position = a.position();
            }
        }
    }

    /** The next entries after the position; null (logged at most every 10 s) when the store failed. */
    private List<Arrival> read() {
        try {
            return store.arrivedSince(position, batch);
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (running && now - lastReadWarning >= WARN_EVERY_NANOS) {
                lastReadWarning = now;
                LOG.warn("{}: cannot read the store after position {}, retrying: {}", uri, position, LogText.of(e));
            }
            return null;
        }
    }

    /** Keeps the names and follows current, and emits the entry if it passes the filters; false when interrupted. */
    private boolean handle(Entry entry) {
        names.seen(entry); // before the entry is emitted: its own exchange sees the new name
        return !passes(entry) || emit(entry);
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
