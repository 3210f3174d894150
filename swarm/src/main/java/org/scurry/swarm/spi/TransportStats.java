package org.scurry.swarm.spi;

/**
 * What a transport holds and refused, for status and tests (docs/protocol.md §4).
 *
 * @param queuedBytes bytes queued for all links and not yet written to their sockets, now
 * @param peakQueuedBytes the most that were queued at once since the transport started
 * @param stalledLinks links closed because their peer read nothing for the stall timeout
 * @param overBudgetLinks links closed because a send would pass their output budget (or the
 *     node's)
 * @param refusedConnections inbound connections closed at once by the connection limits
 * @param inboundHandshakes inbound connections in the handshake now
 * @param inboundConnections inbound connections now, handshaking or linked
 */
public record TransportStats(
        long queuedBytes,
        long peakQueuedBytes,
        long stalledLinks,
        long overBudgetLinks,
        long refusedConnections,
        int inboundHandshakes,
        int inboundConnections) {
    /** A transport that counts nothing (in-memory ones). */
    public static final TransportStats NONE = new TransportStats(0, 0, 0, 0, 0, 0, 0);
}
