package org.scurry.gateway.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.scurry.bridges.json.EntryJson;
import org.scurry.routes.mqtt.InMemoryMqttAccounts;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.testkit.TestSwarm;

/**
 * Two linked swarm nodes: {@code gateway} hosts the accounts {@code ada} and {@code bob} (MQTT
 * passwords {@link #ADA_PASSWORD}, {@link #BOB_PASSWORD}); {@code peer} follows ada. Close it to
 * stop Camel and the nodes.
 */
final class BridgeFixture implements AutoCloseable {
    static final String ADA_PASSWORD = "ada-secret";
    static final String BOB_PASSWORD = "bob-secret";

    final TestSwarm swarm = new TestSwarm();
    final Node gateway = swarm.node();
    final Node peer = swarm.node(gateway);
    final FeedId ada;
    final FeedId bob;
    final InMemoryMqttAccounts accounts = new InMemoryMqttAccounts(gateway);
    final CamelContext camel = new DefaultCamelContext();

    BridgeFixture() {
        Ed25519Signer adaKey = Ed25519Signer.generate();
        Ed25519Signer bobKey = Ed25519Signer.generate();
        gateway.host(adaKey);
        gateway.host(bobKey);
        ada = FeedId.of(adaKey.publicKey());
        bob = FeedId.of(bobKey.publicKey());
        accounts.add("ada", ada, ADA_PASSWORD).add("bob", bob, BOB_PASSWORD);
        gateway.follow(bob, ada); // bob's timeline holds ada's posts
        peer.follow(ada);
    }

    void start(MqttBridge bridge) throws Exception {
        bridge.addTo(camel);
        camel.start();
    }

    /** The post entries of a feed on a node, oldest first, as texts. */
    static List<String> posts(Node node, FeedId feed) {
        if (!node.holds(feed)) {
            return List.of();
        }
        List<String> texts = new java.util.ArrayList<>(node.feed(feed, Long.MAX_VALUE, 1000).stream()
                .filter(e -> "post".equals(e.kind()))
                .map(e -> EntryJson.content(e).path("text").asText())
                .toList());
        java.util.Collections.reverse(texts);
        return texts;
    }

    static Stream<Entry> entries(Node node, FeedId feed) {
        return node.holds(feed) ? node.feed(feed, Long.MAX_VALUE, 1000).stream() : Stream.empty();
    }

    static JsonNode json(byte[] payload) throws Exception {
        return EntryJson.MAPPER.readTree(payload);
    }

    static final Duration WAIT = Duration.ofSeconds(15);

    @Override
    public void close() {
        camel.stop();
        swarm.close();
    }
}
