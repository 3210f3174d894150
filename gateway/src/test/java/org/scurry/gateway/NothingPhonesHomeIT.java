package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.gateway.mqtt.MosquittoProcess;

/**
 * A gateway with its embedded MQTT broker sends nothing to any address but its clients: run in a
 * network namespace where every packet leaving by an interface other than loopback is counted
 * ({@link Netns}), it starts, takes an account, and a device posts through the broker, while the
 * count stays where it was. Moquette's telemetry, on by default, looked up and called its
 * collector and an IP-echo service at every start, and wrote an install id to
 * {@code mqtt/.moquette_uuid}: here that is a DNS packet counted within milliseconds.
 *
 * <p>LAN discovery, on by default, announces the node to its local network: a UDP datagram with TTL
 * 1 to the administratively scoped group 239.255.83.71 (and the kernel's IGMP report for the group),
 * which no router forwards. That is not phoning home: it reaches only the machines on the same
 * link, and says only what a node listening on the swarm port says to anyone who connects. With LAN
 * discovery on, those are allowed and anything else still fails the test; with {@code --no-lan},
 * not one packet may leave.
 */
class NothingPhonesHomeIT {
    @TempDir
    Path dir;

    @Test
    void withNoLanTheGatewayAndItsBrokerSendNothingAtAllButToTheirOwnClients() throws Exception {
        Path pub = MosquittoProcess.requirePubBinary();
        try (Netns ns = Netns.create("tel")) {
            // The counter sees what leaves: one datagram to a documentation address is counted.
            ns.exec("echo probe > /dev/udp/192.0.2.99/9");
            await().atMost(Duration.ofSeconds(30)).until(() -> ns.packetsOut() >= 1);
            long before = ns.allPacketsOut();

            Path data = dir.resolve("node");
            try (GatewayProcess g = GatewayProcess.options(data).netns(ns.name).start()) {
                assertThat(g.log()).contains("embedded MQTT broker listening");
                String added = ns.exec(GatewayProcess.root().resolve("scurry") + " --node " + g.url() + " --data "
                        + data + " account add kitchen");
                Matcher m = Pattern.compile("MQTT password: +(\\S+)").matcher(added);
                assertThat(m.find()).as(added).isTrue();
                ns.exec(pub + " -h 127.0.0.1 -p " + g.mqttPort + " -u kitchen -P " + m.group(1)
                        + " -q 1 -t scurry/post/kitchen -m 'from the kitchen'");
                assertThat(ns.exec(GatewayProcess.root().resolve("scurry") + " --node " + g.url() + " --data " + data
                                + " --as kitchen timeline"))
                        .contains("from the kitchen");

                await("no packet leaves but to loopback")
                        .during(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> ns.allPacketsOut() == before);
                assertThat(g.log()).doesNotContainIgnoringCase("telemetry").doesNotContain("LAN discovery on");
            }
            try (Stream<Path> files = Files.walk(data)) {
                assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(".moquette_uuid");
            }
        }
    }

    @Test
    void withLanDiscoveryOnlyTtlOneAnnouncementsToTheLanGroupLeave() throws Exception {
        try (Netns ns = Netns.create("lan")) {
            ns.exec("echo probe > /dev/udp/192.0.2.99/9");
            await().atMost(Duration.ofSeconds(30)).until(() -> ns.packetsOut() >= 1);
            long before = ns.packetsOut();

            Path data = dir.resolve("node");
            try (GatewayProcess g =
                    GatewayProcess.options(data).netns(ns.name).lan().start()) {
                assertThat(g.log()).contains("LAN discovery on");
                await("the node announces itself on the link")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> ns.lanPacketsOut() >= 4);
                ns.exec(GatewayProcess.root().resolve("scurry") + " --node " + g.url() + " --data " + data
                        + " post 'on the LAN'");
                await("nothing else leaves")
                        .during(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> ns.packetsOut() == before);
            }
        }
    }
}
