package org.scurry.swarm.internal.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.scurry.swarm.LinkLimits;

/**
 * The bytes a transport's links may have queued and not yet written: at most {@link
 * LinkLimits#maxQueuedBytes} per link and {@link LinkLimits#maxQueuedBytesTotal} over all of them.
 * Every send reserves its wire size here first and gives it back once written (or failed). A send
 * past its link's budget is refused and the link closed (its peer does not read); past the total,
 * the link holding the most is closed, so one peer that stops reading never costs the others.
 * Thread-safe: sends come from any thread.
 */
final class OutputBudget {
    private final long perLink;
    private final long total;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong overBudget = new AtomicLong();
    private final Set<NettyPeerLink> links = ConcurrentHashMap.newKeySet();

    OutputBudget(LinkLimits limits) {
        this.perLink = limits.maxQueuedBytes();
        this.total = limits.maxQueuedBytesTotal();
    }

    void register(NettyPeerLink link) {
        links.add(link);
    }

    void unregister(NettyPeerLink link) {
        links.remove(link);
    }

    /**
     * Reserves {@code bytes} for {@code link}; returns null when reserved, else the reason the
     * link must be closed (nothing reserved then).
     */
    String reserve(NettyPeerLink link, long bytes) {
        long mine = link.queuedCounter().addAndGet(bytes);
        if (mine > perLink) {
            link.queuedCounter().addAndGet(-bytes);
            return String.format(
                    "peer does not read: %,d bytes queued for it and %,d more to send (limit %,d)",
                    mine - bytes, bytes, perLink);
        }
        long all = queued.addAndGet(bytes);
        peak.accumulateAndGet(all, Math::max);
        if (all > total) {
            NettyPeerLink worst = largest();
            if (worst == null || worst == link) {
                release(link, bytes);
                return String.format(
                        "the node's output budget is spent (%,d bytes queued for all peers, limit %,d) and this"
                                + " peer holds the most: %,d",
                        all - bytes, total, mine - bytes);
            }
            worst.drop(
                    String.format(
                            "the node's output budget is spent (%,d bytes queued for all peers, limit %,d) and this"
                                    + " peer holds the most: %,d",
                            all, total, worst.queuedBytes()),
                    this::countOverBudget);
        }
        return null;
    }

    /** Gives back what a finished (or failed) write had reserved. */
    void release(NettyPeerLink link, long bytes) {
        link.queuedCounter().addAndGet(-bytes);
        queued.addAndGet(-bytes);
    }

    long queued() {
        return queued.get();
    }

    long peak() {
        return peak.get();
    }

    void countOverBudget() {
        overBudget.incrementAndGet();
    }

    long overBudget() {
        return overBudget.get();
    }

    private NettyPeerLink largest() {
        NettyPeerLink worst = null;
        for (NettyPeerLink l : links) {
            if (worst == null || l.queuedBytes() > worst.queuedBytes()) {
                worst = l;
            }
        }
        return worst;
    }
}
