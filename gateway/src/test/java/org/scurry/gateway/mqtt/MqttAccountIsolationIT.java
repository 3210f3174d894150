package org.scurry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.scurry.gateway.mqtt.BridgeFixture.WAIT;
import static org.scurry.gateway.mqtt.BridgeFixture.posts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.gateway.mqtt.PahoDevice.Received;

/**
 * One account cannot reach another's MQTT session on the embedded broker, and every PUBLISH gets
 * an answer: real Eclipse Paho MQTT 3.1.1 clients over TCP against the broker the gateway runs.
 * Ada's feed is protected and bob is an approved follower, so what bob's timeline topic carries
 * (and his persistent session queues while he is away) is ada's protected posts, opened for him.
 */
class MqttAccountIsolationIT {
    private static final String TIMELINE_BOB = "scurry/timeline/bob";

    @TempDir
    Path dir;

    private BridgeFixture f;
    private MqttBridge bridge;
    private final List<PahoDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        f = new BridgeFixture();
        f.gateway.protection().setProtected(f.ada, true);
        f.gateway.protection().approve(f.ada, f.bob, null);
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
        devices.forEach(PahoDevice::close);
        f.close();
    }

    private PahoDevice connect(String clientId, String user, String password, boolean clean) throws MqttException {
        PahoDevice d = PahoDevice.connect(bridge.broker().port(), clientId, user, password, clean);
        devices.add(d);
        return d;
    }

    private PahoDevice subscribed(String clientId, String user, String password, boolean clean, String... filters)
            throws MqttException {
        PahoDevice d = PahoDevice.subscribed(bridge.broker().port(), clientId, user, password, clean, filters);
        devices.add(d);
        return d;
    }

    @Test
    void anotherAccountCannotTakeASessionsQueuedPostsNorDisconnectItsDevice() throws Exception {
        // bob's home screen keeps a persistent session, then goes offline; his phone stays online
        PahoDevice home = subscribed("bob", "bob", BridgeFixture.BOB_PASSWORD, false, TIMELINE_BOB);
        home.disconnect();
        PahoDevice phone = subscribed("bob.phone", "bob", BridgeFixture.BOB_PASSWORD, true, TIMELINE_BOB);

        // ada, with her own good password, asks for bob's client ids
        for (String stolen : List.of("bob", "bob.phone")) {
            assertThatThrownBy(() -> connect(stolen, "ada", BridgeFixture.ADA_PASSWORD, false))
                    .as("ada logging in with bob's client id " + stolen)
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        }
        PahoDevice adaLaptop = connect("ada.laptop", "ada", BridgeFixture.ADA_PASSWORD, true);

        f.gateway.post(f.ada, "for approved eyes only", null);

        Received live = phone.next(TIMELINE_BOB, WAIT);
        assertThat(live).as("bob's phone got the post, still connected").isNotNull();
        assertThat(live.text()).contains("for approved eyes only");
        assertThat(phone.connected()).isTrue();
        assertThat(phone.lost).isNull();

        PahoDevice back = connect("bob", "bob", BridgeFixture.BOB_PASSWORD, false);
        Received queued = back.next(TIMELINE_BOB, WAIT);
        assertThat(queued).as("bob's persistent session kept the post for him").isNotNull();
        assertThat(queued.text()).contains("for approved eyes only");
        assertThat(adaLaptop.received).isEmpty();
    }

    @Test
    void aQos1PostOnAnotherAccountsTopicIsAcknowledgedAndRefusedOnTheErrorTopic() throws Exception {
        PahoDevice bob = subscribed("bob.phone", "bob", BridgeFixture.BOB_PASSWORD, true, "scurry/error/bob");

        // Paho waits for the PUBACK (at most 20 s): Moquette used to send none and never close
        bob.publish("scurry/post/ada", "pretending to be ada");

        Received error = bob.next("scurry/error/bob", WAIT);
        assertThat(error).as("the refusal on bob's error topic").isNotNull();
        assertThat(BridgeFixture.json(error.text().getBytes()).path("error").asText())
                .isEqualTo("not posted: scurry/post/ada is ada's post topic; you are logged in as bob and post on"
                        + " scurry/post/bob");
        bob.publish("scurry/post/bob", "bob's own");
        await().atMost(WAIT).until(() -> posts(f.gateway, f.bob).contains("bob's own"));
        assertThat(posts(f.gateway, f.ada)).isEmpty();
        assertThat(bob.connected()).isTrue();
    }

    @Test
    void aPublishOutsideThePostTopicsIsAnsweredByClosingTheConnection() throws Exception {
        PahoDevice watch =
                subscribed("bob.watch", "bob", BridgeFixture.BOB_PASSWORD, true, "scurry/feed/#", "scurry/error/bob");
        PahoDevice forger = connect("bob.forger", "bob", BridgeFixture.BOB_PASSWORD, true);

        assertThatThrownBy(() -> forger.publish("scurry/feed/" + f.ada, "{\"forged\": true}"))
                .isInstanceOf(MqttException.class);
        await().atMost(WAIT).until(() -> forger.lost != null || !forger.connected());

        Received error = watch.next("scurry/error/bob", WAIT);
        assertThat(error).isNotNull();
        assertThat(error.text()).contains("may publish only on scurry/post/bob, not on scurry/feed/" + f.ada);
        assertThat(watch.received).noneMatch(r -> r.text().contains("forged"));
        assertThat(watch.connected()).isTrue();
    }

    @Test
    void anEmptyClientIdGetsOneFromTheBrokerButAChosenLookAlikeIsDropped() throws Exception {
        // mosquitto_pub's way: no client id, clean session; the broker assigns 32 hex digits
        PahoDevice anonymous = connect("", "bob", BridgeFixture.BOB_PASSWORD, true);
        anonymous.publish("scurry/post/bob", "from a device without a client id");
        await().atMost(WAIT).until(() -> posts(f.gateway, f.bob).contains("from a device without a client id"));

        // the same shape chosen by the client, for a session that would outlive it: dropped
        // The broker's connect hook drops it; that hook may run before or after the broker
        // acknowledged the connection (Moquette runs interceptors on their own thread), so the
        // device either never gets its CONNACK (connect fails) or is disconnected just after.
        PahoDevice lookAlike;
        try {
            lookAlike = connect("0123456789abcdef0123456789abcdef", "ada", BridgeFixture.ADA_PASSWORD, false);
        } catch (MqttException refused) {
            // not an authentication failure: it logged in, and the hook hung up before the CONNACK
            assertThat(refused.getReasonCode()).isIn((int) MqttException.REASON_CODE_CONNECTION_LOST, (int)
                    MqttException.REASON_CODE_CLIENT_TIMEOUT);
            lookAlike = null;
        }
        if (lookAlike != null) {
            PahoDevice dropped = lookAlike;
            await().atMost(WAIT).until(() -> !dropped.connected());
        }
    }
}
