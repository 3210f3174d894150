package org.scurry.swarm.internal.history;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message.Chunk;
import org.scurry.swarm.wire.Message.ChunkRequest;

/**
 * Chunk requests in flight, by request id, so that each {@link Chunk} reaches whoever asked for it
 * (a range fetch or a reader of the past). Only the link a request was sent on may answer it.
 * Thread-safe: requests are sent from any thread, answers arrive on network threads. Timeouts are
 * the asker's business ({@link #cancel}).
 */
final class ChunkRequests {
    private record Pending(PeerLink link, FeedId feed, CompletableFuture<Chunk> answer) {}

    private final AtomicLong ids = new AtomicLong(new SecureRandom().nextLong() & 0x3fff_ffff_ffff_ffffL);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    /** A request on its way: its id (to cancel it) and the answer to come. */
    record Sent(long id, CompletableFuture<Chunk> answer) {}

    /** Sends a request; the answer completes with the peer's chunk, or fails when its link closes. */
    Sent send(PeerLink link, FeedId feed, long fromSeq, long toSeq) {
        long id = ids.incrementAndGet();
        CompletableFuture<Chunk> answer = new CompletableFuture<>();
        pending.put(id, new Pending(link, feed, answer));
        answer.whenComplete((c, e) -> pending.remove(id));
        link.send(new ChunkRequest(id, feed, fromSeq, toSeq));
        if (!link.isOpen()) {
            answer.completeExceptionally(new IllegalStateException("link to " + link.remoteId() + " is closed"));
        }
        return new Sent(id, answer);
    }

    /** An answer arrived; ignored unless it answers a request sent on that link, for that feed. */
    void answer(PeerLink from, Chunk chunk) {
        Pending p = pending.get(chunk.requestId());
        if (p != null && p.link() == from && p.feed().equals(chunk.feed())) {
            p.answer().complete(chunk);
        }
    }

    void cancel(long id) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.answer().cancel(false);
        }
    }

    /** The link closed: its requests fail at once so their askers move on. */
    void closed(PeerLink link) {
        for (Pending p : pending.values()) {
            if (p.link() == link) {
                p.answer().completeExceptionally(new IllegalStateException("link to " + link.remoteId() + " closed"));
            }
        }
    }
}
