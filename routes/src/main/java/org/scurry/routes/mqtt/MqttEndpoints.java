package org.scurry.routes.mqtt;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.scurry.bridges.mqtt.MqttTopics;

/**
 * The two Camel endpoints the MQTT routes use. Messages from {@code inbound} carry the payload as
 * {@code byte[]} and the topic in the {@value #TOPIC} header; a message sent to {@code outbound} is
 * published on the topic in the {@value #OVERRIDE_TOPIC} header, QoS 1, not retained. These are the
 * header names of camel-paho-mqtt5, so an external broker needs no translation; the embedded broker's
 * in-process link uses the same names.
 *
 * @param inbound where messages on {@code {prefix}/post/+} come from
 * @param outbound where entries and errors are published
 * @param awaitDurable whether the posts route waits until each post is durable before it returns:
 *     true where returning acknowledges the message to the broker (camel-paho-mqtt5 sends the PUBACK
 *     after the route), so that an acknowledged post is never lost; false for the embedded broker,
 *     which acknowledged the device before the route saw the message, so that waiting would only
 *     keep the next post from sharing the disk write
 */
public record MqttEndpoints(String inbound, String outbound, boolean awaitDurable) {
    /** The topic a message arrived on (camel-paho-mqtt5's {@code PahoMqtt5Constants.MQTT_TOPIC}). */
    public static final String TOPIC = "CamelMqttTopic";
    /** The topic to publish on (camel-paho-mqtt5's {@code CAMEL_PAHO_OVERRIDE_TOPIC}). */
    public static final String OVERRIDE_TOPIC = "CamelPahoMqtt5OverrideTopic";

    /** In-process endpoints, fed and drained by the gateway's embedded broker. */
    public static MqttEndpoints embedded() {
        return new MqttEndpoints("direct:scurry-mqtt-in", "direct:scurry-mqtt-out", false);
    }

    /**
     * camel-paho-mqtt5 endpoints on an external broker. The subscriber uses a persistent session
     * (fixed client id {@code clientId + "-in"}, clean start off, a session that outlives a day's
     * outage), QoS 1, and reconnects on its own; Camel subscribes again on every reconnect. The
     * publisher connects as {@code clientId + "-out"}.
     */
    public static MqttEndpoints external(
            String brokerUrl, String username, String password, String clientId, MqttTopics topics) {
        String common = "brokerUrl=" + enc(brokerUrl)
                + (username == null || username.isEmpty() ? "" : "&userName=" + enc(username))
                + (password == null || password.isEmpty() ? "" : "&password=RAW(" + password + ")")
                + "&qos=1&automaticReconnect=true&maxReconnectDelay=5&connectionTimeout=10&keepAliveInterval=30";
        String in = "paho-mqtt5:" + topics.postFilter() + "?" + common + "&clientId=" + enc(clientId + "-in")
                + "&cleanStart=false&sessionExpiryInterval=86400";
        String out = "paho-mqtt5:" + topics.prefix() + "/feed?" + common + "&clientId=" + enc(clientId + "-out")
                + "&cleanStart=true&retained=false";
        return new MqttEndpoints(in, out, true);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MqttEndpoints[" + org.apache.camel.util.URISupport.sanitizeUri(inbound) + ", "
                + org.apache.camel.util.URISupport.sanitizeUri(outbound) + "]";
    }
}
