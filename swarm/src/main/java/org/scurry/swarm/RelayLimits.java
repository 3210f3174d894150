package org.scurry.swarm;

/**
 * Whether a node relays tunnels for peers that cannot be dialled, and how much (docs/reach.md,
 * "Relays"). A node relays only when it is reachable itself: it announces an address, or the peer
 * asking dialled it. Past a bound a tunnel is refused (or closed) with the reason sent to the
 * peer that asked, and counted.
 *
 * @param enabled relay at all (on by default)
 * @param maxRelayedLinks peers that may register to be reached through this node
 * @param maxTunnels tunnels relayed at once, in all
 * @param maxTunnelsPerPeer tunnels relayed at once that one peer opened or is the target of
 * @param tunnelBytesPerSecond bytes per second one tunnel may carry, each direction
 * @param totalBytesPerSecond bytes per second all relayed tunnels may carry together
 */
public record RelayLimits(
        boolean enabled,
        int maxRelayedLinks,
        int maxTunnels,
        int maxTunnelsPerPeer,
        long tunnelBytesPerSecond,
        long totalBytesPerSecond) {

    public RelayLimits {
        if (maxRelayedLinks < 0 || maxRelayedLinks > org.scurry.swarm.wire.TunnelMessages.MAX_REACHABLE) {
            throw new IllegalArgumentException("maxRelayedLinks must be 0..256: " + maxRelayedLinks);
        }
        if (maxTunnels < 0 || maxTunnelsPerPeer < 0) {
            throw new IllegalArgumentException("tunnel limits must be ≥ 0: " + maxTunnels + ", " + maxTunnelsPerPeer);
        }
        if (tunnelBytesPerSecond < 65_536 || totalBytesPerSecond < 65_536) {
            throw new IllegalArgumentException(
                    "relay rates must be ≥ 65536 bytes/s: " + tunnelBytesPerSecond + ", " + totalBytesPerSecond);
        }
    }

    /** On, 64 relayed peers, 128 tunnels (8 per peer), 8 MiB/s per tunnel, 32 MiB/s in all. */
    public static RelayLimits defaults() {
        return new RelayLimits(true, 64, 128, 8, 8L << 20, 32L << 20);
    }

    /** A node that never relays. */
    public static RelayLimits off() {
        return new RelayLimits(false, 0, 0, 0, 8L << 20, 32L << 20);
    }
}
