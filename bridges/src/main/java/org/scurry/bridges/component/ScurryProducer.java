package org.scurry.bridges.component;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.util.URISupport;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;

/**
 * Publishes a post, follow or unfollow as a local account and replies with the new entry, once it
 * is durable. Bad input (empty or too long text, an unknown name, an account the node holds no key
 * for) fails the exchange with the node's {@link IllegalArgumentException} before this returns; a
 * write the store refuses fails it with the node's {@link
 * org.scurry.swarm.StoreUnavailableException}: the exception is the node's own, unwrapped, so a
 * caller can answer as it would have answered the node.
 *
 * <p>Asynchronous for {@code post}: the post is checked and signed on the caller's thread and handed
 * to the node's group commit ({@link Node#postAsync}), so the posts of callers that do not wait
 * (an asynchronous route, {@code ScurryWriter#postAsync}) share one disk write. The exchange
 * completes on this producer's own thread, never on the node's writer thread. Follow and unfollow
 * are synchronous (they are rare).
 */
public class ScurryProducer extends DefaultAsyncProducer {
    private ExecutorService completions;

    public ScurryProducer(ScurryEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public ScurryEndpoint getEndpoint() {
        return (ScurryEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        completions = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadExecutor(
                        this,
                        "ScurryProducer[" + URISupport.sanitizeUri(getEndpoint().getEndpointUri()) + "]");
    }

    @Override
    protected void doStop() throws Exception {
        if (completions != null) {
            // Let posts already handed to the node complete their exchanges.
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(completions);
            completions = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            Node node = getEndpoint().requireNode();
            Message in = exchange.getIn();
            FeedId account = account(in, node);
            String body = in.getBody(String.class);
            switch (getEndpoint().getOperation()) {
                case "post" -> {
                    Map<String, Object> fields = fields(in);
                    if (fields != null) {
                        reply(exchange, node, PostWithFields.publish(node, account, body, replyTo(in), fields));
                        break;
                    }
                    CompletableFuture<Entry> entry = node.postAsync(account, body, replyTo(in));
                    if (!entry.isDone()) {
                        entry.whenCompleteAsync(
                                (e, failed) -> complete(exchange, node, e, failed, callback), this::onOwnThread);
                        return false;
                    }
                    complete(exchange, node, entry.getNow(null), null, null);
                }
                case "follow" -> reply(exchange, node, node.follow(account, node.resolve(account, body)));
                case "unfollow" -> reply(exchange, node, node.unfollow(account, node.resolve(account, body)));
                default -> throw new IllegalStateException(
                        "not a producer operation: " + getEndpoint().getOperation());
            }
        } catch (CompletionException e) {
            exchange.setException(e.getCause());
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    /** Runs {@code task} on this producer's thread; on the caller's when stopped (the exchange must complete). */
    private void onOwnThread(Runnable task) {
        ExecutorService e = completions;
        try {
            if (e != null) {
                e.execute(task);
                return;
            }
        } catch (RejectedExecutionException stopped) {
            // fall through
        }
        task.run();
    }

    /** {@code callback} null: the caller of process completes the exchange. */
    private static void complete(Exchange exchange, Node node, Entry entry, Throwable failed, AsyncCallback callback) {
        if (failed != null) {
            exchange.setException(
                    failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed);
        } else {
            reply(exchange, node, entry);
        }
        if (callback != null) {
            callback.done(false);
        }
    }

    private static void reply(Exchange exchange, Node node, Entry entry) {
        Message out = exchange.getMessage();
        out.removeHeader(ScurryConstants.REPLY_TO);
        EntryHeaders.apply(out, entry, node);
    }

    private FeedId account(Message in, Node node) {
        Object header = in.getHeader(ScurryConstants.ACCOUNT);
        if (header instanceof FeedId id) {
            return id;
        }
        if (header != null && !header.toString().isBlank()) {
            return ScurryEndpoint.parseFeedOption(ScurryConstants.ACCOUNT, header.toString());
        }
        FeedId configured = ScurryEndpoint.parseFeedOption(
                "account", getEndpoint().getConfiguration().getAccount());
        return configured != null ? configured : node.id();
    }

    /** The {@link ScurryConstants#FIELDS} header as a map, null when absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Message in) {
        Object header = in.getHeader(ScurryConstants.FIELDS);
        if (header == null) {
            return null;
        }
        if (header instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        return PostWithFields.parse(header.toString());
    }

    private static EntryId replyTo(Message in) {
        Object header = in.getHeader(ScurryConstants.REPLY_TO);
        if (header == null || header instanceof EntryId) {
            return (EntryId) header;
        }
        String text = header.toString();
        return text.isBlank() ? null : EntryId.parse(text);
    }
}
