package org.scurry.swarm;

/**
 * A connected peer as status output shows it.
 *
 * @param id the peer's proven identity
 * @param address remote socket address
 * @param outbound true when this node dialled it
 * @param connectedAt ms since epoch when the link was authenticated
 * @param entriesReceived entries received from it on this link
 * @param entriesSent entries sent to it on this link
 * @param duplicatesReceived entries it sent that were already held (one source per feed keeps
 *     this low)
 * @param protocolVersion the protocol version its Hello announced (1 until it arrives)
 * @param unknownMessages messages it sent of types this node's protocol version does not know
 *     (ignored)
 * @param relay the relay this link's tunnel runs through, null for a direct link
 */
public record PeerInfo(
        FeedId id,
        String address,
        boolean outbound,
        long connectedAt,
        long entriesReceived,
        long entriesSent,
        long duplicatesReceived,
        int protocolVersion,
        long unknownMessages,
        FeedId relay) {}
