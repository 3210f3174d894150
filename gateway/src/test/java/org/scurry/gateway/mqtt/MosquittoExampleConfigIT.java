package org.scurry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.scurry.gateway.mqtt.BridgeFixture.WAIT;
import static org.scurry.gateway.mqtt.BridgeFixture.posts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bridges.mqtt.MqttTopics;

/**
 * config/mosquitto as shipped (only its ports and paths replaced): a Mosquitto 2.0 process with a
 * devices' listener and a gateway's listener, the gateway on its own, real Paho MQTT 5 devices on
 * the other. Ada, with her own password, cannot take bob's session (the protected posts opened for
 * him that it queues) nor disconnect his device, whatever client id she sends; she cannot log in
 * where the gateway does.
 */
class MosquittoExampleConfigIT {
    private static final String GATEWAY_PASSWORD = "gateway-secret";
    private static final String TIMELINE_BOB = "scurry/timeline/bob";

    @TempDir
    Path dir;

    private MosquittoProcess mosquitto;
    private BridgeFixture f;
    private int devicePort;
    private int gatewayPort;
    private final List<Device> devices = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        devicePort = MosquittoProcess.freePort();
        gatewayPort = MosquittoProcess.freePort();
        Path example = root().resolve("config/mosquitto");
        String conf = Files.readString(example.resolve("mosquitto.conf"));
        conf = replace(conf, "listener 1883 127.0.0.1", "listener " + devicePort + " 127.0.0.1");
        conf = replace(conf, "listener 1884 127.0.0.1", "listener " + gatewayPort + " 127.0.0.1");
        conf = replace(conf, "config/mosquitto/", dir + "/");
        conf = replace(conf, "persistence_location /var/lib/mosquitto/", "persistence_location " + dir + "/");
        Files.writeString(dir.resolve("mosquitto.conf"), conf + "\nuser " + System.getProperty("user.name") + "\n");
        Files.copy(example.resolve("acl"), dir.resolve("acl"));
        Files.copy(example.resolve("gateway-acl"), dir.resolve("gateway-acl"));
        Files.writeString(dir.resolve("passwords"), "");
        Files.writeString(dir.resolve("gateway-passwords"), "");
        MosquittoProcess.run(
                "mosquitto_passwd", "-b", dir.resolve("passwords").toString(), "ada", BridgeFixture.ADA_PASSWORD);
        MosquittoProcess.run(
                "mosquitto_passwd", "-b", dir.resolve("passwords").toString(), "bob", BridgeFixture.BOB_PASSWORD);
        MosquittoProcess.run(
                "mosquitto_passwd",
                "-b",
                dir.resolve("gateway-passwords").toString(),
                "scurry-gateway",
                GATEWAY_PASSWORD);
        mosquitto = MosquittoProcess.startConfigured(dir, devicePort);

        f = new BridgeFixture();
        f.gateway.protection().setProtected(f.ada, true);
        f.gateway.protection().approve(f.ada, f.bob, null);
        f.start(MqttBridge.external(
                f.gateway,
                f.accounts,
                MqttTopics.defaults(),
                Duration.ofMinutes(10),
                "tcp://127.0.0.1:" + gatewayPort,
                "scurry-gateway",
                GATEWAY_PASSWORD));
    }

    @AfterEach
    void stop() {
        devices.forEach(Device::close);
        if (f != null) {
            f.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void anAccountCannotTakeAnothersSessionOrDeviceWhateverClientIdItSends() throws Exception {
        Device home = device(devicePort, "bob-home", "bob", BridgeFixture.BOB_PASSWORD, false);
        home.subscribe(TIMELINE_BOB);
        home.client.disconnect();

        // ada asks for bob's session by the id bob sent and by his user name (Mosquitto gives her
        // her own, "ada", whatever she sends)
        List<Device> ada = new ArrayList<>();
        for (String id : List.of("bob-home", "bob")) {
            ada.add(device(devicePort, id, "ada", BridgeFixture.ADA_PASSWORD, false));
        }
        f.gateway.post(f.ada, "queued for bob", null);

        Device back = device(devicePort, "bob-home", "bob", BridgeFixture.BOB_PASSWORD, false);
        assertThat(back.take(TIMELINE_BOB)).contains("queued for bob");

        // bob is online now; ada asks for his ids again: he stays connected and keeps receiving
        for (String id : List.of("bob-home", "bob")) {
            ada.add(device(devicePort, id, "ada", BridgeFixture.ADA_PASSWORD, false));
        }
        f.gateway.post(f.ada, "live for bob", null);
        assertThat(back.take(TIMELINE_BOB)).contains("live for bob");
        assertThat(back.client.isConnected()).isTrue();
        assertThat(back.disconnected).isNull();
        for (Device d : ada) {
            assertThat(d.received).as("what ada's connections received").isEmpty();
        }
    }

    @Test
    void devicesPostThroughTheirListenerAndNoAccountLogsInWhereTheGatewayDoes() throws Exception {
        Device bob = device(devicePort, "kitchen", "bob", BridgeFixture.BOB_PASSWORD, true);
        MqttMessage m = new MqttMessage("through the example config".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        bob.client.publish("scurry/post/bob", m);
        await().atMost(WAIT).until(() -> posts(f.gateway, f.bob).contains("through the example config"));

        assertThatThrownBy(() -> device(gatewayPort, "x", "ada", BridgeFixture.ADA_PASSWORD, true))
                .isInstanceOf(MqttException.class);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("scurry")) ? here : here.getParent();
    }

    private static String replace(String text, String what, String with) {
        assertThat(text)
                .as("config/mosquitto/mosquitto.conf still has: " + what)
                .contains(what);
        return text.replace(what, with);
    }

    private Device device(int port, String clientId, String user, String password, boolean cleanStart)
            throws MqttException {
        Device d = new Device(new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence()));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
        o.setAutomaticReconnect(false);
        d.client.setCallback(d);
        d.client.connect(o);
        devices.add(d);
        return d;
    }

    /** A Paho MQTT 5 device: every message it receives, queued ones included, lands in {@link #received}. */
    private static final class Device implements MqttCallback, AutoCloseable {
        final MqttClient client;
        final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        volatile MqttDisconnectResponse disconnected;

        Device(MqttClient client) {
            this.client = client;
        }

        void subscribe(String filter) throws MqttException {
            client.subscribe(filter, 1);
        }

        String take(String topic) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            for (String[] m; (m = received.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                if (m[0].equals(topic)) {
                    return m[1];
                }
            }
            throw new AssertionError("nothing on " + topic + " within " + WAIT);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnected = response;
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)});
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(100, 100, false);
                }
                client.close(true);
            } catch (MqttException e) {
                // gone already
            }
        }
    }
}
