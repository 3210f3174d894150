package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace where every packet that leaves by any interface but loopback is counted by
 * nftables, for tests of what a process sends. Its only other interface, {@code tel0}
 * (192.0.2.1/24, the default route via 192.0.2.254, IPv4 only), is one end of a veth pair whose
 * other end sits alone in a second namespace: packets leave, are counted, and reach nothing. Three
 * counters: LAN discovery's announcements (UDP to 239.255.83.71:8473 with TTL 1: they stay on the
 * local link), IGMP with TTL 1 (the kernel's group membership reports for them), and everything
 * else, which is what phoning home would be. Names lookups go to
 * 192.0.2.53 ({@code /etc/netns/NAME/resolv.conf}), so a look-up of any name is a counted packet
 * too. Only documentation addresses (RFC 5737); everything is removed by {@link #close}.
 *
 * <p>Needs root, {@code ip} (iproute2) and {@code nft} (nftables). Without them the test is
 * skipped, or fails when {@code CI=true}. Names start with {@code $SCURRY_TEST_NETNS_PREFIX}
 * (default {@code scurry}) and a random part, so parallel runs do not collide.
 */
final class Netns implements AutoCloseable {
    private static final Pattern COUNTER =
            Pattern.compile("counter packets (\\d+) bytes (\\d+)(?: accept)? comment \"(\\w+)\"");

    final String name;
    private final String peer;
    private final Path resolvDir;

    private Netns(String name) {
        this.name = name;
        this.peer = name + "-p";
        this.resolvDir = Path.of("/etc/netns", name);
    }

    /**
     * A namespace name for {@code purpose}: {@code $SCURRY_TEST_NETNS_PREFIX} (default {@code
     * scurry}), the purpose and a random part, so that parallel runs do not collide.
     */
    static String uniqueName(String purpose) {
        String prefix = System.getenv().getOrDefault("SCURRY_TEST_NETNS_PREFIX", "scurry");
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return prefix + "-" + purpose + "-" + HexFormat.of().formatHex(random);
    }

    /** Creates the namespaces, the link, the route, the resolver and the counting rule. */
    static Netns create(String purpose) throws Exception {
        requireTools();
        Netns ns = new Netns(uniqueName(purpose));
        try {
            ns.sh("ip netns add " + ns.name);
            ns.sh("ip netns add " + ns.peer);
            ns.sh("ip link add tel0 netns " + ns.name + " type veth peer name tel1 netns " + ns.peer);
            // No IPv6 on the link: the kernel's own neighbour discovery and multicast reports would
            // be counted (the process under test gets no IPv6 route, as on an IPv4-only network).
            ns.sh("ip netns exec " + ns.name + " sysctl -q -w net.ipv6.conf.tel0.disable_ipv6=1");
            ns.sh("ip -n " + ns.name + " addr add 192.0.2.1/24 dev tel0");
            ns.sh("ip -n " + ns.name + " link set lo up");
            ns.sh("ip -n " + ns.name + " link set tel0 up");
            ns.sh("ip -n " + ns.peer + " link set tel1 up");
            ns.sh("ip -n " + ns.name + " route add default via 192.0.2.254");
            Files.createDirectories(ns.resolvDir);
            Files.writeString(ns.resolvDir.resolve("resolv.conf"), "nameserver 192.0.2.53\n");
            ns.sh("ip netns exec " + ns.name + " nft -f - <<'EOF'\n"
                    + "table inet scurrytest {\n"
                    + "  chain out {\n"
                    + "    type filter hook output priority 0; policy accept;\n"
                    + "    oifname != \"lo\" ip daddr 239.255.83.71 udp dport 8473 ip ttl 1 counter accept"
                    + " comment \"lan\"\n"
                    + "    oifname != \"lo\" ip protocol igmp ip ttl 1 counter accept comment \"igmp\"\n"
                    + "    oifname != \"lo\" counter comment \"other\"\n"
                    + "  }\n"
                    + "}\n"
                    + "EOF");
            return ns;
        } catch (Exception | AssertionError e) {
            ns.close();
            throw e;
        }
    }

    /**
     * Packets that have left the namespace by an interface other than loopback, but for LAN
     * discovery's announcements and IGMP on the local link.
     */
    long packetsOut() throws Exception {
        return counters().get("other");
    }

    /** LAN announcements (TTL 1, to the default group and port) that have left the namespace. */
    long lanPacketsOut() throws Exception {
        return counters().get("lan");
    }

    /** Every packet that has left the namespace by an interface other than loopback. */
    long allPacketsOut() throws Exception {
        return counters().values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<String, Long> counters() throws Exception {
        String listing = sh("ip netns exec " + name + " nft list chain inet scurrytest out");
        Map<String, Long> counts = new java.util.HashMap<>();
        Matcher m = COUNTER.matcher(listing);
        while (m.find()) {
            counts.put(m.group(3), Long.parseLong(m.group(1)));
        }
        assertThat(counts).as("the counters in:%n%s", listing).containsOnlyKeys("lan", "igmp", "other");
        return counts;
    }

    /** Runs {@code command} (a shell line) inside the namespace; returns its output, fails on a non-zero exit. */
    String exec(String command) throws Exception {
        return sh("ip netns exec " + name + " bash -c '" + command.replace("'", "'\\''") + "'");
    }

    @Override
    public void close() throws IOException {
        for (String n : List.of(name, peer)) {
            try {
                GatewayProcess.run(List.of("ip", "netns", "del", n));
            } catch (Exception | AssertionError e) {
                // not made, or gone
            }
        }
        Path resolv = resolvDir.resolve("resolv.conf");
        Files.deleteIfExists(resolv);
        Files.deleteIfExists(resolvDir);
        try {
            Files.deleteIfExists(resolvDir.getParent()); // /etc/netns, when no other namespace has one
        } catch (java.nio.file.DirectoryNotEmptyException others) {
            // another namespace's resolver is there
        }
    }

    private String sh(String line) throws Exception {
        Map.Entry<Integer, String> r = GatewayProcess.run(new ArrayList<>(List.of("bash", "-c", line)));
        assertThat(r.getKey()).as("%s%n%s", line, r.getValue()).isZero();
        return r.getValue();
    }

    static void requireTools() throws Exception {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String tool : List.of("ip", "nft")) {
            if (GatewayProcess.run(List.of("bash", "-c", "command -v " + tool)).getKey() != 0) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            String why = "network namespace tests need " + String.join(", ", missing)
                    + " (apt-get install iproute2 nftables; .ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + ": on CI they must run");
            }
            Assumptions.abort(why);
        }
    }
}
