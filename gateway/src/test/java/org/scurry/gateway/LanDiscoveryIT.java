package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * The outage case of the seed (issue 16, docs/reach.md "LAN discovery"): gateways on one local
 * network with no uplink and no {@code --peer} find each other through LAN discovery and replicate
 * a follow and posts both ways, while a node of another swarm on the same network is heard, refused
 * (counted) and never linked. A node says it is alone until a neighbour is found. The network is
 * {@link LanNetns}: namespaces on one bridge, 198.51.100.0/24, no default route.
 */
class LanDiscoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void nodesOnOneLanWithNoPeerFindEachOtherAndReplicateWhileAnotherSwarmIsIgnored() throws Exception {
        try (LanNetns lan = LanNetns.create("lan")) {
            String nsA = lan.addHost(1);
            String nsB = lan.addHost(2);
            String nsC = lan.addHost(3);
            try (GatewayProcess ga = GatewayProcess.options(dir.resolve("a"))
                    .netns(nsA)
                    .lan()
                    .withoutMqtt()
                    .start()) {
                Node a = new Node(lan, nsA, ga);
                JsonNode alone = a.status();
                assertThat(alone.path("alone").asBoolean()).as(alone.toString()).isTrue();
                assertThat(alone.path("lanNeighbours").asInt()).isZero();
                assertThat(alone.path("warning").asText())
                        .contains("nothing will arrive", "connect HOST:PORT", "another node on this LAN");
                assertThat(a.gateway.log()).contains("this node is alone");
                String nobody = FeedId.of(Ed25519Signer.generate().publicKey()).toString();
                assertThat(a.cli("follow " + nobody))
                        .as("following while alone says that nothing will arrive")
                        .contains("following " + nobody)
                        .contains("warning: this node is alone");

                try (GatewayProcess gb = GatewayProcess.options(dir.resolve("b"))
                                .netns(nsB)
                                .lan()
                                .withoutMqtt()
                                .start();
                        GatewayProcess gc = GatewayProcess.options(dir.resolve("c"))
                                .netns(nsC)
                                .lan()
                                .withoutMqtt()
                                .config("scurry.network=another-swarm")
                                .start()) {
                    Node b = new Node(lan, nsB, gb);
                    Node c = new Node(lan, nsC, gc);
                    for (Node n : new Node[] {a, b}) {
                        await("a neighbour found and linked").atMost(WAIT).untilAsserted(() -> {
                            JsonNode s = n.status();
                            assertThat(s.path("lanNeighbours").asInt())
                                    .as(s.toString())
                                    .isEqualTo(1);
                            assertThat(s.path("peers").asInt()).as(s.toString()).isEqualTo(1);
                            assertThat(s.path("alone").asBoolean())
                                    .as(s.toString())
                                    .isFalse();
                        });
                    }
                    assertThat(a.cli("peers")).contains(LanNetns.address(2) + ":");

                    String idA = a.status().path("id").asText();
                    String idB = b.status().path("id").asText();
                    assertThat(a.cli("follow " + idB)).doesNotContain("warning");
                    b.cli("follow " + idA);
                    a.cli("post 'from A, uplink down'");
                    b.cli("post 'from B, same house'");
                    await("B's post at A").atMost(WAIT).until(() -> a.cli("timeline")
                            .contains("from B, same house"));
                    await("A's post at B").atMost(WAIT).until(() -> b.cli("timeline")
                            .contains("from A, uplink down"));

                    await("the other swarm's announcements are refused, both ways")
                            .atMost(WAIT)
                            .untilAsserted(() -> {
                                assertThat(a.status().path("lanRefused").asLong())
                                        .isPositive();
                                assertThat(c.status().path("lanRefused").asLong())
                                        .isPositive();
                            });
                    JsonNode other = c.status();
                    assertThat(other.path("peers").asInt()).as(other.toString()).isZero();
                    assertThat(other.path("lanNeighbours").asInt()).isZero();
                    assertThat(other.path("alone").asBoolean()).isTrue();
                    assertThat(a.status().path("lanNeighbours").asInt()).isEqualTo(1);
                    assertThat(a.cli("peers")).doesNotContain(LanNetns.address(3) + ":");
                }
            }
        }
    }

    /** A gateway in its namespace, asked through curl and the {@code ./scurry} client run there. */
    private record Node(LanNetns lan, String ns, GatewayProcess gateway) {
        JsonNode status() throws Exception {
            return JSON.readTree(lan.exec(ns, "curl -fsS " + gateway.url() + "/api/status"));
        }

        String cli(String args) throws Exception {
            return lan.exec(
                    ns,
                    GatewayProcess.root().resolve("scurry") + " --node " + gateway.url() + " --data " + gateway.data
                            + " " + args);
        }
    }
}
