package org.scurry.swarm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * LAN discovery (docs/reach.md, "LAN discovery"): whether the node announces itself on the local
 * network by UDP multicast and dials the nodes of its swarm it hears there.
 *
 * <p>Off in {@link #defaults()} and so in {@link NodeConfig#defaults}: the swarm library is embedded
 * by tests, benchmarks and the simulator, where a node that multicasts by itself would find the
 * nodes of other tests on the machine's real network. The gateway, the program people run, turns
 * it on ({@code scurry.lan.enabled=true} in its embedded defaults).
 *
 * @param enabled true to announce and listen
 * @param group the IPv4 multicast group announcements go to; administratively scoped (239.0.0.0/8)
 *     by default, sent with TTL 1, so they stay on the local link
 * @param port the UDP port of the group (not the swarm port, which the announcement carries)
 * @param interval time between two regular announcements (jittered by up to a quarter); a starting
 *     node sends a few more in its first seconds, and answers a newly heard node at once
 */
public record LanConfig(boolean enabled, String group, int port, Duration interval) {
    public static final String DEFAULT_GROUP = "239.255.83.71";
    public static final int DEFAULT_PORT = 8473;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    public LanConfig {
        InetAddress g;
        try {
            g = InetAddress.getByName(group);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("LAN group must be an IPv4 multicast address: " + group);
        }
        if (!(g instanceof java.net.Inet4Address) || !g.isMulticastAddress() || !group.equals(g.getHostAddress())) {
            throw new IllegalArgumentException("LAN group must be an IPv4 multicast address: " + group);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("LAN port must be from 1 to 65535: " + port);
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("LAN interval must be from 1 s to 10 min: " + interval);
        }
    }

    /** Off, with the default group, port and interval. */
    public static LanConfig defaults() {
        return new LanConfig(false, DEFAULT_GROUP, DEFAULT_PORT, DEFAULT_INTERVAL);
    }

    /** On, with the default group, port and interval. */
    public static LanConfig on() {
        return defaults().withEnabled(true);
    }

    public LanConfig withEnabled(boolean on) {
        return new LanConfig(on, group, port, interval);
    }
}
