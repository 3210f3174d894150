package org.scurry.swarm;

import java.time.Duration;

/**
 * What a peer, or a stranger, can make a node spend (docs/protocol.md §4, "Budgets"). Every value
 * is a hard bound; the defaults keep an honest peer far from each of them.
 *
 * @param maxQueuedBytes bytes queued for one link and not yet written to its socket; a send that
 *     would pass it closes the link ("does not read"). Replies and streams already wait for the
 *     link to be writable (below 1 MiB), so only a peer that stops reading gets near it
 * @param maxQueuedBytesTotal the same over all links; past it the link with the most queued is
 *     closed
 * @param stallTimeout a link with bytes queued that makes no write progress for this long is
 *     closed: the peer reads nothing
 * @param maxPendingRequests range and chunk requests of one peer received and not yet answered
 *     (answers wait while its link is unwritable); at half of it the node stops reading from the
 *     peer until it is down to a quarter, past it the peer is dropped and refused for a while
 * @param maxBacklogBytes bytes of one peer's messages received and not yet handled by the
 *     replication thread; past it the node stops reading from the peer until it is down to a
 *     quarter
 * @param maxHandshakesPerAddress inbound connections from one IP address still in the handshake
 * @param maxHandshakes inbound connections still in the handshake, in all
 * @param maxLinksPerAddress inbound connections (handshaking or linked) from one IP address
 * @param maxInboundLinks inbound connections (handshaking or linked), in all
 */
public record LinkLimits(
        long maxQueuedBytes,
        long maxQueuedBytesTotal,
        Duration stallTimeout,
        int maxPendingRequests,
        long maxBacklogBytes,
        int maxHandshakesPerAddress,
        int maxHandshakes,
        int maxLinksPerAddress,
        int maxInboundLinks) {

    public LinkLimits {
        if (maxQueuedBytes < 1 << 20) {
            throw new IllegalArgumentException("maxQueuedBytes must be ≥ 1 MiB (one frame): " + maxQueuedBytes);
        }
        if (maxQueuedBytesTotal < maxQueuedBytes) {
            throw new IllegalArgumentException(
                    "maxQueuedBytesTotal must be ≥ maxQueuedBytes " + maxQueuedBytes + ": " + maxQueuedBytesTotal);
        }
        if (stallTimeout.toMillis() < 1 || stallTimeout.toMillis() > 0xffff_ffffL) {
            throw new IllegalArgumentException("stallTimeout must be 1 ms..49 days: " + stallTimeout);
        }
        if (maxPendingRequests < 4) {
            throw new IllegalArgumentException("maxPendingRequests must be ≥ 4: " + maxPendingRequests);
        }
        if (maxBacklogBytes < 1 << 20) {
            throw new IllegalArgumentException("maxBacklogBytes must be ≥ 1 MiB (one frame): " + maxBacklogBytes);
        }
        if (maxHandshakesPerAddress < 1
                || maxHandshakes < maxHandshakesPerAddress
                || maxLinksPerAddress < maxHandshakesPerAddress
                || maxInboundLinks < maxLinksPerAddress) {
            throw new IllegalArgumentException(String.format(
                    "connection limits must be 1 ≤ handshakes per address %d ≤ handshakes %d, per address ≤ links"
                            + " per address %d ≤ inbound links %d",
                    maxHandshakesPerAddress, maxHandshakes, maxLinksPerAddress, maxInboundLinks));
        }
    }

    /**
     * 4 MiB per link, 64 MiB in all (or a quarter of the heap if less), 30 s without reading, 256
     * pending requests, 2 MiB of unhandled messages; 8 handshakes per address and 64 in all; 32
     * inbound links per address and 512 in all.
     */
    public static LinkLimits defaults() {
        long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
        long perLink = 4L << 20;
        return new LinkLimits(
                perLink,
                Math.max(perLink, Math.min(64L << 20, quarterHeap)),
                Duration.ofSeconds(30),
                256,
                2L << 20,
                8,
                64,
                32,
                512);
    }

    /** A copy with another stall timeout. */
    public LinkLimits withStallTimeout(Duration timeout) {
        return new LinkLimits(
                maxQueuedBytes,
                maxQueuedBytesTotal,
                timeout,
                maxPendingRequests,
                maxBacklogBytes,
                maxHandshakesPerAddress,
                maxHandshakes,
                maxLinksPerAddress,
                maxInboundLinks);
    }

    /** A copy with other output budgets. */
    public LinkLimits withQueuedBytes(long perLink, long total) {
        return new LinkLimits(
                perLink,
                total,
                stallTimeout,
                maxPendingRequests,
                maxBacklogBytes,
                maxHandshakesPerAddress,
                maxHandshakes,
                maxLinksPerAddress,
                maxInboundLinks);
    }

    /** A copy with other connection limits (handshakes and inbound links, per address and in all). */
    public LinkLimits withConnections(int handshakesPerAddress, int handshakes, int linksPerAddress, int links) {
        return new LinkLimits(
                maxQueuedBytes,
                maxQueuedBytesTotal,
                stallTimeout,
                maxPendingRequests,
                maxBacklogBytes,
                handshakesPerAddress,
                handshakes,
                linksPerAddress,
                links);
    }

    /** Pending requests at which the node stops reading from the peer. */
    public int pauseRequests() {
        return maxPendingRequests / 2;
    }

    /** Pending requests at which it reads again. */
    public int resumeRequests() {
        return maxPendingRequests / 4;
    }
}
