package org.scurry.swarm;

import java.util.List;

/**
 * A node's state as {@code GET /api/status} reports it.
 *
 * @param id the node's own feed id
 * @param swarmAddress where the peer protocol listens
 * @param peers connected peers
 * @param feeds feeds held
 * @param entries entries held
 * @param diskBytes bytes the store occupies
 * @param wantedFeeds feeds this node replicates (own, followed, and within the hop limit)
 * @param forkedFeeds feeds with a stored fork proof
 * @param queuedBytes bytes queued for peers and not yet sent (bounded, docs/protocol.md §4)
 * @param unknownMessages messages from peers of types this node's protocol version does not know
 *     (ignored and counted)
 */
public record NodeStatus(
        FeedId id,
        String swarmAddress,
        int peers,
        long feeds,
        long entries,
        long diskBytes,
        int wantedFeeds,
        List<FeedId> forkedFeeds,
        long queuedBytes,
        long unknownMessages) {}
