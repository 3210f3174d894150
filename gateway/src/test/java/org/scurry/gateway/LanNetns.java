package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A local network of namespaces for LAN discovery tests: a hub namespace holding a bridge, and
 * hosts, each a namespace with one veth to the bridge and an address 198.51.100.N/24 (RFC 5737), no
 * default route and no IPv6: the LAN of a house whose uplink is down. Multicast snooping is off on
 * the bridge, so every host hears every announcement as on a plain switch. Everything is removed by
 * {@link #close}, also when making it failed. Needs root and {@code ip} ({@link Netns} checks).
 */
final class LanNetns implements AutoCloseable {
    private final String prefix;
    private final String hub;
    private final List<String> hosts = new ArrayList<>();

    private LanNetns(String prefix) {
        this.prefix = prefix;
        this.hub = prefix + "-hub";
    }

    /** The hub and its bridge ({@code lan0}: not {@code br...}, which {@code ip} reads as broadcast). */
    static LanNetns create(String purpose) throws Exception {
        Netns.requireTools();
        LanNetns lan = new LanNetns(Netns.uniqueName(purpose));
        try {
            lan.sh("ip netns add " + lan.hub);
            lan.sh("ip -n " + lan.hub + " link add name lan0 type bridge mcast_snooping 0");
            lan.sh("ip -n " + lan.hub + " link set lan0 up");
            return lan;
        } catch (Exception | AssertionError e) {
            lan.close();
            throw e;
        }
    }

    /** Adds host {@code n} (1..200) at 198.51.100.N; returns its namespace's name. */
    String addHost(int n) throws Exception {
        String ns = prefix + "-h" + n;
        hosts.add(ns);
        sh("ip netns add " + ns);
        sh("ip link add eth0 netns " + ns + " type veth peer name h" + n + " netns " + hub);
        sh("ip netns exec " + ns + " sysctl -q -w net.ipv6.conf.all.disable_ipv6=1");
        sh("ip -n " + ns + " addr add " + address(n) + "/24 dev eth0");
        sh("ip -n " + ns + " link set lo up");
        sh("ip -n " + ns + " link set eth0 up");
        sh("ip -n " + hub + " link set h" + n + " master lan0");
        sh("ip -n " + hub + " link set h" + n + " up");
        return ns;
    }

    static String address(int n) {
        return "198.51.100." + n;
    }

    /** Runs {@code command} (a shell line) inside namespace {@code ns}; returns its output, fails on a non-zero exit. */
    String exec(String ns, String command) throws Exception {
        return sh("ip netns exec " + ns + " bash -c '" + command.replace("'", "'\\''") + "'");
    }

    @Override
    public void close() {
        List<String> all = new ArrayList<>(hosts);
        all.add(hub);
        for (String n : all) {
            try {
                GatewayProcess.run(List.of("ip", "netns", "del", n));
            } catch (Exception | AssertionError e) {
                // not made, or gone
            }
        }
    }

    private String sh(String line) throws Exception {
        Map.Entry<Integer, String> r = GatewayProcess.run(new ArrayList<>(List.of("bash", "-c", line)));
        assertThat(r.getKey()).as("%s%n%s", line, r.getValue()).isZero();
        return r.getValue();
    }
}
