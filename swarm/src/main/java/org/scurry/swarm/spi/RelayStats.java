package org.scurry.swarm.spi;

import java.util.Map;

/**
 * What a transport relays for others and how many of its own links go through relays (docs/reach.md).
 *
 * @param relayedNodes peers registered to be reached through this node now
 * @param tunnels tunnels this node relays now
 * @param tunnelsOpened tunnels this node relayed since it started
 * @param bytesRelayed tunnel bytes this node forwarded since it started, both directions
 * @param refused tunnels refused or closed for a bound, by reason ({@code "full"}, {@code
 *     "per-peer"}, {@code "not-reachable"}, {@code "not-relaying"}, {@code "window"}, {@code
 *     "registrations"})
 * @param tunnelLinks this node's own links that run through a relay now
 * @param relays peers through which this node asked to be reached, linked now
 */
public record RelayStats(
        int relayedNodes,
        int tunnels,
        long tunnelsOpened,
        long bytesRelayed,
        Map<String, Long> refused,
        int tunnelLinks,
        int relays) {
    public static final RelayStats NONE = new RelayStats(0, 0, 0, 0, Map.of(), 0, 0);

    public RelayStats {
        refused = Map.copyOf(refused);
    }
}
