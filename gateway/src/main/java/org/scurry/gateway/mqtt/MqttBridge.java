package org.scurry.gateway.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.routes.mqtt.MqttAccounts;
import org.scurry.routes.mqtt.MqttEndpoints;
import org.scurry.routes.mqtt.MqttRoutes;
import org.scurry.swarm.Node;

/**
 * Puts the MQTT bridge into a Camel context, on one of two brokers (DESIGN.md §8):
 *
 * <ul>
 *   <li>{@link #embedded}: starts an {@link EmbeddedBroker} once the context has started (so the
 *       routes are there to take its messages) and stops it with the context; the routes talk to
 *       it in-process.
 *   <li>{@link #external}: no broker of our own; camel-paho-mqtt5 connects to the broker at a URL
 *       with a persistent session and reconnects by itself.
 * </ul>
 */
public final class MqttBridge {
    private final MqttRoutes routes;
    private final EmbeddedBroker broker;

    private final ProducerTemplate[] producer;
    private volatile CamelContext context;

    private MqttBridge(MqttRoutes routes, EmbeddedBroker broker, ProducerTemplate[] producer) {
        this.routes = routes;
        this.broker = broker;
        this.producer = producer;
    }

    /** A bridge with an embedded broker on {@code host:port} keeping its state in {@code dataDir}. */
    public static MqttBridge embedded(
            Node node,
            MqttAccounts accounts,
            MqttTopics topics,
            Duration dedupWindow,
            String host,
            int port,
            Path dataDir) {
        MqttEndpoints endpoints = MqttEndpoints.embedded();
        ProducerTemplate[] producer = new ProducerTemplate[1]; // set when the context starts
        EmbeddedBroker broker = new EmbeddedBroker(
                host,
                port,
                dataDir,
                accounts,
                topics,
                // The endpoint is resolved once (the template's default), not per message from its URI.
                (topic, payload) -> producer[0].sendBodyAndHeader(payload, MqttEndpoints.TOPIC, topic));
        return new MqttBridge(new MqttRoutes(node, accounts, endpoints, topics, dedupWindow), broker, producer);
    }

    /** A bridge on an external broker at {@code brokerUrl} (e.g. {@code tcp://127.0.0.1:1883}). */
    public static MqttBridge external(
            Node node,
            MqttAccounts accounts,
            MqttTopics topics,
            Duration dedupWindow,
            String brokerUrl,
            String username,
            String password) {
        // A dot cannot be in an account name: on a broker that names a device session after its
        // user (config/mosquitto), no account can ever hold the gateway's client ids.
        String clientId = "scurry." + node.id().toString().substring(1, 13);
        MqttEndpoints endpoints = MqttEndpoints.external(brokerUrl, username, password, clientId, topics);
        return new MqttBridge(new MqttRoutes(node, accounts, endpoints, topics, dedupWindow), null, null);
    }

    /** Adds the routes (and, for the embedded broker, its outbound link and life cycle) to the context. */
    public void addTo(CamelContext context) throws Exception {
        this.context = context;
        context.addRoutes(routes);
        if (broker != null) {
            // A lambda, not a RouteBuilder subclass: Camel Main instantiates every RouteBuilder class it
            // finds in the gateway's packages.
            RouteBuilder.addRoutes(
                    context, rb -> rb.from(MqttEndpoints.embedded().outbound())
                            .routeId("mqtt-embedded-out")
                            .process(e -> broker.publish(
                                    e.getMessage().getHeader(MqttEndpoints.OVERRIDE_TOPIC, String.class),
                                    e.getMessage().getBody(byte[].class))));
            context.addService(
                    new ServiceSupport() {
                        @Override
                        protected void doStop() {
                            broker.stop();
                        }
                    },
                    true,
                    true);
            context.addStartupListener((ctx, alreadyStarted) -> {
                ProducerTemplate p = ctx.createProducerTemplate();
                p.setDefaultEndpoint(ctx.getEndpoint(MqttEndpoints.embedded().inbound()));
                producer[0] = p;
                broker.start();
            });
        }
    }

    /** Where the routes count messages in, out and refused; call before {@link #addTo}. */
    public MqttBridge meter(org.scurry.routes.metrics.BridgeMeter meter) {
        routes.meter(meter);
        return this;
    }

    /**
     * What keeps the bridge from working now, or null when it works: the embedded broker is not
     * running, or the client of the external broker is not connected. A volatile read and the MQTT
     * client's own flag: cheap enough for a readiness probe.
     */
    public String problem() {
        if (broker != null) {
            return broker.isRunning() ? null : "the embedded MQTT broker is not running";
        }
        CamelContext c = context;
        org.apache.camel.Route route = c == null ? null : c.getRoute("mqtt-posts");
        if (route != null
                && route.getConsumer() instanceof org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer p
                && p.getClient() != null
                && p.getClient().isConnected()) {
            return null;
        }
        return "not connected to the MQTT broker";
    }

    /** The embedded broker, or null on an external one. */
    public EmbeddedBroker broker() {
        return broker;
    }
}
