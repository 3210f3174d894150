package org.scurry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.scurry.gateway.mqtt.BridgeFixture.WAIT;
import static org.scurry.gateway.mqtt.BridgeFixture.posts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.swarm.Entry;

/**
 * The MQTT bridge on a real Mosquitto 2.0 process with a password file and the ACL of
 * config/mosquitto: the gateway connects with camel-paho-mqtt5 (persistent session), devices with
 * Paho MQTT v5 clients, mosquitto_pub and the raw client.
 */
class MosquittoBridgeIT {
    private static final String GATEWAY_PASSWORD = "gateway-secret";

    @TempDir
    Path dir;

    private MosquittoProcess mosquitto;
    private BridgeFixture f;
    private final List<MqttClient> clients = new ArrayList<>();
    private final List<RawMqttClient> raw = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        mosquitto = MosquittoProcess.start(
                dir,
                List.of(
                        "ada", BridgeFixture.ADA_PASSWORD,
                        "bob", BridgeFixture.BOB_PASSWORD,
                        "scurry-gateway", GATEWAY_PASSWORD),
                List.of(
                        "pattern write scurry/post/%u",
                        "pattern read scurry/#", "user scurry-gateway", "topic readwrite scurry/#"));
        f = new BridgeFixture();
        f.start(MqttBridge.external(
                f.gateway,
                f.accounts,
                MqttTopics.defaults(),
                Duration.ofMinutes(10),
                mosquitto.url(),
                "scurry-gateway",
                GATEWAY_PASSWORD));
    }

    @AfterEach
    void stop() {
        for (MqttClient c : clients) {
            try {
                c.disconnectForcibly(100, 100);
                c.close();
            } catch (MqttException e) {
                // already gone
            }
        }
        raw.forEach(RawMqttClient::close);
        if (f != null) {
            f.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    private MqttClient device(String id, String user, String password) throws MqttException {
        MqttClient c = new MqttClient(mosquitto.url(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        c.connect(o);
        clients.add(c);
        return c;
    }

    private static BlockingQueue<MqttMessage> subscribe(MqttClient c, String filter) throws MqttException {
        BlockingQueue<MqttMessage> q = new LinkedBlockingQueue<>();
        c.subscribe(
                new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                    new org.eclipse.paho.mqttv5.common.MqttSubscription(filter, 1)
                },
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, m) -> q.add(m)});
        return q;
    }

    private static void publish(MqttClient c, String topic, String text) throws MqttException {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        c.publish(topic, m);
    }

    private static MqttMessage take(BlockingQueue<MqttMessage> q) throws InterruptedException {
        MqttMessage m = q.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a message within " + WAIT).isNotNull();
        return m;
    }

    @Test
    void pahoDevicePostBecomesSignedEntryReachesPeerAndComesBackOnFeedTopic() throws Exception {
        MqttClient reader = device("reader", "bob", BridgeFixture.BOB_PASSWORD);
        BlockingQueue<MqttMessage> feed = subscribe(reader, "scurry/feed/" + f.ada);
        BlockingQueue<MqttMessage> timeline = subscribe(reader, "scurry/timeline/bob");
        publish(device("sensor", "ada", BridgeFixture.ADA_PASSWORD), "scurry/post/ada", "hello over MQTT 5");

        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("hello over MQTT 5"));
        await().atMost(WAIT).until(() -> posts(f.peer, f.ada).contains("hello over MQTT 5"));
        Entry entry = f.gateway.feed(f.ada, Long.MAX_VALUE, 1).get(0);
        assertThat(BridgeFixture.json(take(feed).getPayload()).path("id").asText())
                .isEqualTo(entry.id().toString());
        assertThat(BridgeFixture.json(take(timeline).getPayload()).path("id").asText())
                .isEqualTo(entry.id().toString());
    }

    @Test
    void mosquittoPubPostsAsTheAccount() {
        Path pub = MosquittoProcess.requirePubBinary();
        MosquittoProcess.run(
                pub.toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(mosquitto.port()),
                "-u",
                "ada",
                "-P",
                BridgeFixture.ADA_PASSWORD,
                "-q",
                "1",
                "-t",
                "scurry/post/ada",
                "-m",
                "from mosquitto_pub");
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("from mosquitto_pub"));
    }

    @Test
    void theAclRefusesAPostToAnotherAccountsTopic() throws Exception {
        MqttClient bob = device("bob-phone", "bob", BridgeFixture.BOB_PASSWORD);
        try {
            publish(bob, "scurry/post/ada", "pretending to be ada");
        } catch (MqttException refused) {
            // MQTT 5: Mosquitto answers "not authorized" in the PUBACK
        }
        publish(bob, "scurry/post/bob", "bob's marker");
        await().atMost(WAIT).until(() -> posts(f.gateway, f.bob).contains("bob's marker"));
        assertThat(posts(f.gateway, f.ada)).isEmpty();
    }

    @Test
    void malformedPayloadGetsAnErrorMessageAndPostsNothing() throws Exception {
        MqttClient ada = device("ada-phone", "ada", BridgeFixture.ADA_PASSWORD);
        BlockingQueue<MqttMessage> errors = subscribe(ada, "scurry/error/ada");
        publish(ada, "scurry/post/ada", "{\"replyTo\": 3}");
        assertThat(BridgeFixture.json(take(errors).getPayload()).path("error").asText())
                .isEqualTo("\"text\" is required");
        publish(ada, "scurry/post/ada", "   ");
        assertThat(BridgeFixture.json(take(errors).getPayload()).path("error").asText())
                .startsWith("empty payload");
        assertThat(posts(f.gateway, f.ada)).isEmpty();
    }

    @Test
    void gatewayReceivesAgainAfterMosquittoIsKilledAndRestarted() throws Exception {
        publish(device("before", "ada", BridgeFixture.ADA_PASSWORD), "scurry/post/ada", "before the restart");
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("before the restart"));
        mosquitto.kill();
        mosquitto.start(); // same port, same config; the gateway was not told
        MqttClient ada = device("after", "ada", BridgeFixture.ADA_PASSWORD);
        // The gateway reconnects within its back-off (at most 5 s) and subscribes again.
        int[] n = {0};
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    publish(ada, "scurry/post/ada", "after the restart " + ++n[0]);
                    return posts(f.gateway, f.ada).stream().anyMatch(t -> t.startsWith("after the restart"));
                });
    }

    @Test
    void aQos1MessageResentWithDupAfterAReconnectIsPostedOnce() throws Exception {
        BlockingQueue<MqttMessage> errors =
                subscribe(device("ada-watch", "ada", BridgeFixture.ADA_PASSWORD), "scurry/error/ada");
        RawMqttClient first = RawMqttClient.connect(mosquitto.port(), "door", "ada", BridgeFixture.ADA_PASSWORD, false);
        first.publish("scurry/post/ada", "door opened".getBytes(StandardCharsets.UTF_8), 7, false);
        first.close(); // gone before reading the PUBACK
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("door opened"));

        RawMqttClient again = RawMqttClient.connect(mosquitto.port(), "door", "ada", BridgeFixture.ADA_PASSWORD, false);
        raw.add(again);
        again.publish("scurry/post/ada", "door opened".getBytes(StandardCharsets.UTF_8), 7, true);
        assertThat(again.awaitPuback(7, WAIT)).isTrue();
        assertThat(BridgeFixture.json(take(errors).getPayload()).path("error").asText())
                .startsWith("not posted again");
        again.publish("scurry/post/ada", "door closed".getBytes(StandardCharsets.UTF_8), 8, false);
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("door closed"));
        assertThat(posts(f.gateway, f.ada)).containsExactly("door opened", "door closed");
    }
}
