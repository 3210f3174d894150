package org.scurry.gateway.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device on the embedded broker as people build them: an Eclipse Paho MQTT 3.1.1 client
 * (org.eclipse.paho.client.mqttv3), no automatic reconnect. Every message it receives, also those
 * a persistent session had queued while it was away, lands in {@link #received}; {@link #lost}
 * says whether the broker closed the connection.
 */
public final class PahoDevice implements AutoCloseable {
    public record Received(String topic, String text) {}

    final MqttClient client;
    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    public volatile Throwable lost;

    private PahoDevice(MqttClient client) {
        this.client = client;
    }

    /** Connects; throws MqttException when the broker refuses (its reason code says why). */
    public static PahoDevice connect(int port, String clientId, String user, String password, boolean cleanSession)
            throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        c.setTimeToWait(20_000); // a publish that is never acknowledged fails the test instead of hanging it
        PahoDevice d = new PahoDevice(c);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                d.lost = cause;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                d.received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setCleanSession(cleanSession);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(20);
        o.setKeepAliveInterval(60);
        c.connect(o);
        return d;
    }

    /**
     * Connects and subscribes (QoS 1), connecting again (up to 5 times) when Moquette drops a
     * SUBSCRIBE sent right after its CONNACK (see {@link RawMqttClient#subscribed}).
     */
    public static PahoDevice subscribed(
            int port, String clientId, String user, String password, boolean cleanSession, String... filters)
            throws MqttException {
        MqttException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            PahoDevice d = connect(port, clientId, user, password, cleanSession);
            try {
                for (String f : filters) {
                    d.client.subscribe(f, 1);
                }
                return d;
            } catch (MqttException e) {
                d.close();
                last = e;
            }
        }
        throw last;
    }

    /** Publishes with QoS 1 and waits for the PUBACK (at most 20 s, then MqttException). */
    public void publish(String topic, String text) throws MqttException {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish(topic, m);
    }

    /** The next message on {@code topic} within {@code timeout}, or null. */
    public Received next(String topic, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (Received r; (r = received.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (r.topic().equals(topic)) {
                return r;
            }
        }
        return null;
    }

    public boolean connected() {
        return client.isConnected();
    }

    /** Disconnects cleanly (a persistent session stays on the broker). */
    public void disconnect() throws MqttException {
        client.disconnect(5_000);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 100);
            }
            client.close(true);
        } catch (MqttException e) {
            // gone already
        }
    }
}
