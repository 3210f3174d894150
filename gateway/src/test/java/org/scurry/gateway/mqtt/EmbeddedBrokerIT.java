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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.gateway.mqtt.RawMqttClient.Received;
import org.scurry.swarm.Entry;

/**
 * The MQTT bridge on the embedded Moquette broker (MQTT 3.1.1), with real clients over TCP: the raw
 * client, and mosquitto_pub when installed.
 */
class EmbeddedBrokerIT {
    @TempDir
    Path dir;

    private BridgeFixture f;
    private MqttBridge bridge;
    private final List<RawMqttClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        f = new BridgeFixture();
        bridge = MqttBridge.embedded(
                f.gateway,
                f.accounts,
                MqttTopics.defaults(),
                Duration.ofMinutes(10),
                "127.0.0.1",
                0,
                dir.resolve("mqtt"));
        f.start(bridge);
    }

    @AfterEach
    void stop() {
        clients.forEach(RawMqttClient::close);
        f.close();
    }

    private RawMqttClient client(String id, String user, String password) throws Exception {
        RawMqttClient c = RawMqttClient.connect(bridge.broker().port(), id, user, password, true);
        clients.add(c);
        return c;
    }

    /** Connected and subscribed, reconnecting if Moquette drops an early SUBSCRIBE (see RawMqttClient). */
    private RawMqttClient subscriber(String id, String user, String password, String... filters) throws Exception {
        RawMqttClient c = RawMqttClient.subscribed(bridge.broker().port(), id, user, password, filters);
        clients.add(c);
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Received next(RawMqttClient c, String topic) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Received r = c.next(Duration.ofMillis(200));
            if (r != null && r.topic().equals(topic)) {
                return r;
            }
        }
        throw new AssertionError("nothing received on " + topic);
    }

    @Test
    void devicePostBecomesSignedEntryReachesPeerAndComesBackOnFeedAndTimelineTopics() throws Exception {
        RawMqttClient reader =
                subscriber("bob.reader", "bob", BridgeFixture.BOB_PASSWORD, "scurry/feed/#", "scurry/timeline/bob");
        RawMqttClient device = client("ada.thermometer", "ada", BridgeFixture.ADA_PASSWORD);

        device.publish("scurry/post/ada", utf8("22.5 °C in the kitchen"), 1, false);
        assertThat(device.awaitPuback(1, WAIT)).isTrue();

        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("22.5 °C in the kitchen"));
        Entry entry = f.gateway.feed(f.ada, Long.MAX_VALUE, 1).get(0);
        await().atMost(WAIT).until(() -> posts(f.peer, f.ada).contains("22.5 °C in the kitchen"));

        Received onFeed = next(reader, "scurry/feed/" + f.ada);
        assertThat(BridgeFixture.json(onFeed.payload()).path("id").asText())
                .isEqualTo(entry.id().toString());
        assertThat(BridgeFixture.json(onFeed.payload())
                        .path("content")
                        .path("text")
                        .asText())
                .isEqualTo("22.5 °C in the kitchen");
        Received onTimeline = next(reader, "scurry/timeline/bob");
        assertThat(BridgeFixture.json(onTimeline.payload()).path("id").asText())
                .isEqualTo(entry.id().toString());
    }

    @Test
    void jsonPostFromMosquittoPubBecomesAReply() throws Exception {
        Path pub = MosquittoProcess.requirePubBinary();
        Entry first = f.gateway.post(f.ada, "first", null);
        MosquittoProcess.run(
                pub.toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(bridge.broker().port()),
                "-V",
                "mqttv311",
                "-i",
                "ada.sensor-1",
                "-u",
                "ada",
                "-P",
                BridgeFixture.ADA_PASSWORD,
                "-q",
                "1",
                "-t",
                "scurry/post/ada",
                "-m",
                "{\"text\": \"a reply\", \"replyTo\": \"" + first.id() + "\"}");
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("a reply"));
        Entry reply = f.gateway.feed(f.ada, Long.MAX_VALUE, 1).get(0);
        assertThat(BridgeFixture.json(reply.content()).path("replyTo").asText())
                .isEqualTo(first.id().toString());
    }

    @Test
    void publishingToAnotherAccountsTopicIsAcknowledgedButPostsNothingAndSaysWhy() throws Exception {
        RawMqttClient bob = subscriber("bob.1", "bob", BridgeFixture.BOB_PASSWORD, "scurry/error/bob");
        bob.publish("scurry/post/ada", utf8("pretending to be ada"), 1, false);
        // MQTT 3.1.1 §3.3.5: acknowledged (or the connection closed), never left waiting
        assertThat(bob.awaitPuback(1, WAIT)).isTrue();
        assertThat(BridgeFixture.json(next(bob, "scurry/error/bob").payload())
                        .path("error")
                        .asText())
                .startsWith("not posted: scurry/post/ada is ada's post topic");
        bob.publish("scurry/post/bob", utf8("bob's own marker"), 2, false);
        await().atMost(WAIT).until(() -> posts(f.gateway, f.bob).contains("bob's own marker"));
        assertThat(posts(f.gateway, f.ada)).isEmpty();
        // and reading someone else's error topic, or a post topic, is refused
        assertThat(bob.subscribe("scurry/error/ada")).isEqualTo(0x80);
        assertThat(bob.subscribe("scurry/post/+")).isEqualTo(0x80);
    }

    @Test
    void wrongPasswordIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client("ada", "ada", "wrong"))
                .hasMessageContaining("CONNACK return code");
    }

    @Test
    void malformedPayloadGetsAnErrorMessageAndPostsNothing() throws Exception {
        RawMqttClient device = subscriber("ada.1", "ada", BridgeFixture.ADA_PASSWORD, "scurry/error/ada");
        device.publish("scurry/post/ada", utf8("{\"text\": "), 1, false);
        assertThat(BridgeFixture.json(next(device, "scurry/error/ada").payload())
                        .path("error")
                        .asText())
                .startsWith("malformed JSON");
        device.publish("scurry/post/ada", new byte[] {0x00, (byte) 0xff, 0x13}, 2, false);
        assertThat(BridgeFixture.json(next(device, "scurry/error/ada").payload())
                        .path("error")
                        .asText())
                .isEqualTo("payload is not UTF-8 text");
        device.publish("scurry/post/ada", utf8("x".repeat(1001)), 3, false);
        assertThat(BridgeFixture.json(next(device, "scurry/error/ada").payload())
                        .path("error")
                        .asText())
                .contains("1000");
        assertThat(posts(f.gateway, f.ada)).isEmpty();
    }

    @Test
    void gatewayReceivesAgainAfterTheBrokerRestarts() throws Exception {
        int port = bridge.broker().port();
        bridge.broker().stop();
        bridge.broker().start();
        assertThat(bridge.broker().port()).isEqualTo(port);
        RawMqttClient device = client("ada.2", "ada", BridgeFixture.ADA_PASSWORD);
        device.publish("scurry/post/ada", utf8("after the restart"), 1, false);
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("after the restart"));
    }

    @Test
    void aQos1MessageResentWithDupAfterAReconnectIsPostedOnce() throws Exception {
        RawMqttClient watcher = subscriber("ada.watch", "ada", BridgeFixture.ADA_PASSWORD, "scurry/error/ada");
        int port = bridge.broker().port();
        RawMqttClient device = RawMqttClient.connect(port, "ada.door-sensor", "ada", BridgeFixture.ADA_PASSWORD, false);
        device.publish("scurry/post/ada", utf8("door opened"), 42, false);
        device.close(); // the connection drops before the device has read the PUBACK
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("door opened"));

        RawMqttClient again = RawMqttClient.connect(port, "ada.door-sensor", "ada", BridgeFixture.ADA_PASSWORD, false);
        clients.add(again);
        again.publish("scurry/post/ada", utf8("door opened"), 42, true); // the MQTT redelivery: same id, DUP
        assertThat(again.awaitPuback(42, WAIT)).isTrue();

        // the broker forwarded it again (QoS 1 is at least once); the bridge said why it did not post
        assertThat(BridgeFixture.json(next(watcher, "scurry/error/ada").payload())
                        .path("error")
                        .asText())
                .startsWith("not posted again");
        again.publish("scurry/post/ada", utf8("door closed"), 43, false);
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("door closed"));
        assertThat(posts(f.gateway, f.ada)).containsExactly("door opened", "door closed");
    }

    @Test
    void aReadingMarkedRepeatIsPostedAgainWithinTheWindow() throws Exception {
        RawMqttClient watcher = subscriber("ada.watch2", "ada", BridgeFixture.ADA_PASSWORD, "scurry/error/ada");
        RawMqttClient device = client("ada.thermo", "ada", BridgeFixture.ADA_PASSWORD);
        device.publish("scurry/post/ada", utf8("21.5 °C"), 1, false);
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).contains("21.5 °C"));

        device.publish("scurry/post/ada", utf8("21.5 °C"), 2, false); // the README's second reading
        assertThat(BridgeFixture.json(next(watcher, "scurry/error/ada").payload())
                        .path("error")
                        .asText())
                .startsWith("not posted again")
                .contains("\"repeat\": true");
        device.publish("scurry/post/ada", utf8("{\"text\": \"21.5 °C\", \"repeat\": true}"), 3, false);
        await().atMost(WAIT).until(() -> posts(f.gateway, f.ada).size() == 2);
        assertThat(posts(f.gateway, f.ada)).containsExactly("21.5 °C", "21.5 °C");
        device.publish("scurry/post/ada", utf8("{\"text\": \"21.5 °C\", \"repeat\": \"yes\"}"), 4, false);
        assertThat(BridgeFixture.json(next(watcher, "scurry/error/ada").payload())
                        .path("error")
                        .asText())
                .contains("\"repeat\" must be true or false");
    }
}
