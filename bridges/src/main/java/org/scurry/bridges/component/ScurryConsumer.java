package org.scurry.bridges.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.URISupport;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits each entry the node appends from now on (local or replicated) that passes the endpoint's
 * filters, in append order.
 *
 * <p>The node calls its listeners on a replication thread, which must not wait for a route. The
 * listener only applies the filters, in memory, and queues the entry for this consumer's single
 * thread (from Camel's {@code ExecutorServiceManager}), which builds the exchange and runs the
 * route. When {@code queueSize} entries are already waiting, a new one is dropped: it stays in the
 * store, {@link #droppedCount()} grows and a warning names the count and the latest entry missed
 * (at most once per 10 s).
 *
 * <p>For {@code timelineOf} the consumer reads the account's follows once at start and then keeps
 * them current from the account's own follow and unfollow entries as they pass, so an entry is in
 * the timeline when its author was followed at the moment it was appended. Authors' display names
 * ({@link ScurryConstants#AUTHOR_NAME}) are read once per author and again after a {@code profile}
 * entry of theirs passes, not once per entry.
 */
public class ScurryConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(ScurryConsumer.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedSinceWarning = new AtomicLong();
    private volatile long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;
    private Node node;
    private FeedId feed;
    private String kind;
    private FeedId timelineOf;
    private boolean includeOwn;
    private final Set<FeedId> followed = ConcurrentHashMap.newKeySet();
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

    /** Entries that passed the cheap filters but were dropped because the queue was full. */
    public long droppedCount() {
        return dropped.get();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ScurryConfiguration config = getEndpoint().getConfiguration();
        node = getEndpoint().requireNode();
        feed = ScurryEndpoint.parseFeedOption("feed", config.getFeed());
        kind = config.getKind();
        timelineOf = ScurryEndpoint.parseFeedOption("timelineOf", config.getTimelineOf());
        includeOwn = config.isIncludeOwn();
        String uri = URISupport.sanitizeUri(getEndpoint().getEndpointUri());
        ThreadPoolProfile profile = new ThreadPoolProfile("scurry-consumer");
        profile.setPoolSize(1);
        profile.setMaxPoolSize(1);
        profile.setMaxQueueSize(config.getQueueSize());
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        executor = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newThreadPool(this, "ScurryConsumer[" + uri + "]", profile);
        names = new AuthorNames(node);
        subscription = node.onEntry(this::offer);
        if (timelineOf != null) {
            // After subscribing: a follow appended meanwhile is in the store, in the stream, or both.
            followed.addAll(node.following(timelineOf));
        }
        LOG.info("consuming entries of node {} from {}", node.id(), uri);
    }

    @Override
    protected void doStop() throws Exception {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        if (dropped.get() > 0) {
            LOG.warn(
                    "{}: stopped after dropping {} entries in all because the route was too slow",
                    URISupport.sanitizeUri(getEndpoint().getEndpointUri()),
                    dropped.get());
        }
        super.doStop();
    }

    /** Runs on the node's replication thread: never blocks. */
    private void offer(Entry entry) {
        names.seen(entry); // before the entry is queued: its own emit sees the new name
        if (timelineOf != null && !inTimeline(entry)) {
            return;
        }
        if ((feed != null && !feed.equals(entry.author())) || (kind != null && !kind.equals(entry.kind()))) {
            return;
        }
        ExecutorService e = executor;
        if (e == null) {
            return;
        }
        try {
            e.execute(() -> emit(entry));
        } catch (RejectedExecutionException full) {
            if (e.isShutdown()) {
                return;
            }
            drop(entry);
        }
    }

    private void drop(Entry entry) {
        long total = dropped.incrementAndGet();
        long burst = droppedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_INTERVAL_NANOS) {
            lastWarning = now;
            droppedSinceWarning.addAndGet(-burst);
            LOG.warn(
                    "{}: the route is too slow, {} entries waiting; dropped {} more (latest {}), {} in all;"
                            + " they are in the node's store",
                    URISupport.sanitizeUri(getEndpoint().getEndpointUri()),
                    getEndpoint().getConfiguration().getQueueSize(),
                    burst,
                    entry.id(),
                    total);
        }
    }

    /** Runs on the consumer's own thread. */
    private void emit(Entry entry) {
        Exchange exchange = createExchange(false);
        try {
            EntryHeaders.apply(exchange.getIn(), entry, names);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("error processing " + entry, exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
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
