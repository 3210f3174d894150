package org.scurry.swarm;

import java.util.List;
import org.scurry.swarm.history.CustodyStatus;

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
 * @param crypto the library computing Ed25519 signatures, e.g. {@code "libsodium 1.0.18"}, with the
 *     reason when libsodium could not load
 * @param history for a history server, how well the feeds it archives are kept (copies per
 *     feed); null for a client
 * @param ready true when the node takes writes (posts, follows, replicated entries)
 * @param degraded why it does not (for example "the disk is full: ..."); null when ready. The node
 *     still serves reads and becomes ready again by itself ({@link Node#health()})
 * @param queuedBytes bytes queued for peers and not yet sent (bounded, docs/protocol.md §4)
 * @param unknownMessages messages from peers of types this node's protocol version does not know
 *     (ignored and counted)
 * @param lanNeighbours nodes of this swarm heard on the LAN within the last rounds (0 when LAN
 *     discovery is off)
 * @param lanRefused LAN datagrams refused: of other swarms, altered, stale, replayed, over a bound
 * @param alone no linked peer, no configured peer, no LAN neighbour and no address to dial: nothing
 *     followed will arrive until the node links to a peer ({@link Node#alone()})
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
        String crypto,
        CustodyStatus history,
        boolean ready,
        String degraded,
        long queuedBytes,
        long unknownMessages,
        int lanNeighbours,
        long lanRefused,
        boolean alone) {}
