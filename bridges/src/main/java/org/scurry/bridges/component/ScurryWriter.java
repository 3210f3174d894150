package org.scurry.bridges.component;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;

/**
 * Posts, follows and unfollows through the {@code scurry:post}, {@code scurry:follow} and {@code
 * scurry:unfollow} producers of a Camel context, for code that answers someone rather than being a
 * route of its own (the JSON API's handlers, the chat bot's commands, the MQTT inbox): the one road
 * by which the routes write to the node. Typed, so callers pass ids rather than headers.
 *
 * <p>Errors are the node's own exceptions, rethrown unwrapped (not as Camel's {@code
 * CamelExecutionException}): {@link IllegalArgumentException} for bad input (with the node's
 * message), {@link org.scurry.swarm.StoreUnavailableException} when the store refuses writes, and so
 * on, so a caller answers them as it would have answered the node. The writing methods block until
 * the entry is durable, except {@link #postAsync}. Thread-safe.
 */
public final class ScurryWriter {
    private final Target post;
    private final Target follow;
    private final Target unfollow;

    private ScurryWriter(Target post, Target follow, Target unfollow) {
        this.post = post;
        this.follow = follow;
        this.unfollow = unfollow;
    }

    /**
     * A writer on {@code context}'s {@code scurry:} endpoints, bound to {@code node} (the endpoints
     * are given the node unless they have it already; another node there is refused with
     * IllegalStateException). Its producers start now and stop with the context.
     */
    public static ScurryWriter on(CamelContext context, Node node) {
        return new ScurryWriter(
                Target.of(context, node, "post"),
                Target.of(context, node, "follow"),
                Target.of(context, node, "unfollow"));
    }

    /** Posts {@code text} as {@code account}, a reply when {@code replyTo} is not null. */
    public Entry post(FeedId account, String text, EntryId replyTo) {
        return join(post.send(account, text, replyTo, null));
    }

    /**
     * Posts with further fields in the content beside text and replyTo ({@link
     * ScurryConstants#FIELDS}: the feed import's {@code source}); refused for a protected feed.
     */
    public Entry post(FeedId account, String text, EntryId replyTo, Map<String, ?> fields) {
        return join(post.send(account, text, replyTo, fields));
    }

    /**
     * Posts without waiting for the disk: bad input throws IllegalArgumentException here, before
     * anything is queued; the future completes once the entry is durable, or exceptionally with the
     * node's exception when the store did not keep it (on the producer's thread, not the node's).
     * The posts of one account are chained in call order.
     */
    public CompletableFuture<Entry> postAsync(FeedId account, String text, EntryId replyTo) {
        CompletableFuture<Entry> entry = post.send(account, text, replyTo, null);
        if (entry.isCompletedExceptionally()) {
            join(entry); // throws the node's exception: the input was refused before anything was queued
        }
        return entry;
    }

    /** {@code account} follows {@code idOrName}: a feed id, or the display name of a known feed. */
    public Entry follow(FeedId account, String idOrName) {
        return join(follow.send(account, idOrName, null, null));
    }

    /** {@code account} unfollows {@code idOrName}. */
    public Entry unfollow(FeedId account, String idOrName) {
        return join(unfollow.send(account, idOrName, null, null));
    }

    private static Entry join(CompletableFuture<Entry> entry) {
        try {
            return entry.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new RuntimeCamelException(cause);
        }
    }

    /** One endpoint and its started producer. */
    private record Target(ScurryEndpoint endpoint, AsyncProducer producer) {
        static Target of(CamelContext context, Node node, String operation) {
            ScurryEndpoint endpoint = context.getEndpoint("scurry:" + operation, ScurryEndpoint.class);
            synchronized (endpoint) {
                if (endpoint.getNode() == null) {
                    endpoint.setNode(node);
                } else if (endpoint.getNode() != node) {
                    throw new IllegalStateException("scurry:" + operation + " already writes to node "
                            + endpoint.getNode().id() + ", not " + node.id());
                }
            }
            try {
                AsyncProducer producer = endpoint.createAsyncProducer();
                context.addService(producer, true, true);
                return new Target(endpoint, producer);
            } catch (Exception e) {
                throw RuntimeCamelException.wrapRuntimeCamelException(e);
            }
        }

        /** Completes with the entry, or exceptionally with the node's exception. */
        CompletableFuture<Entry> send(FeedId account, String body, EntryId replyTo, Map<String, ?> fields) {
            Exchange exchange = endpoint.createExchange();
            exchange.getIn().setBody(body);
            exchange.getIn().setHeader(ScurryConstants.ACCOUNT, account);
            if (replyTo != null) {
                exchange.getIn().setHeader(ScurryConstants.REPLY_TO, replyTo);
            }
            if (fields != null) {
                exchange.getIn().setHeader(ScurryConstants.FIELDS, fields);
            }
            CompletableFuture<Entry> entry = new CompletableFuture<>();
            producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    entry.completeExceptionally(exchange.getException());
                } else {
                    entry.complete(exchange.getMessage().getBody(Entry.class));
                }
            });
            return entry;
        }
    }
}
