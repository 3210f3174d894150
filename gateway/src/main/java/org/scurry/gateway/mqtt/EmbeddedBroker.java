package org.scurry.gateway.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.routes.mqtt.MqttAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's embedded MQTT broker (Moquette 0.17: MQTT 3.1.1, the newest release on Maven
 * Central). Listens on {@code host:port} (loopback by default), keeps sessions, subscriptions and
 * queued QoS 1 messages in H2 under {@code dataDir}, and admits only accounts ({@link BrokerAccess}).
 *
 * <p>The gateway's own traffic never crosses a socket: every message published on {@code
 * {prefix}/post/+} is handed to {@code onPost(topic, payload)} in publish order on the broker's
 * interceptor thread, and {@link #publish} injects messages as the broker itself. So there is no
 * gateway login to guard. {@link #start} and {@link #stop} may be called again (the tests restart
 * it); the port stays the same.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String CLIENT_ID = "scurry-gateway";

    private final String host;
    private final int configuredPort;
    private final Path dataDir;
    private final BrokerAccess access;
    private final MqttTopics topics;
    private final BiConsumer<String, byte[]> onPost;
    private volatile Server server;
    private volatile int port;

    public EmbeddedBroker(
            String host,
            int port,
            Path dataDir,
            MqttAccounts accounts,
            MqttTopics topics,
            BiConsumer<String, byte[]> onPost) {
        this.host = host;
        this.configuredPort = port;
        this.dataDir = dataDir;
        this.access = new BrokerAccess(accounts, topics);
        this.topics = topics;
        this.onPost = onPost;
    }

    /** Starts listening; blocks until bound. Throws UncheckedIOException when the port is taken. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port != 0 ? port : configuredPort));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, dataDir.toString());
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        // mosquitto_pub sends an empty client id with a clean session; MQTT 3.1.1 lets the broker assign one.
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(64 * 1024));
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        Server s = new Server();
        try {
            s.startServer(new MemoryConfig(p), List.of(interceptor()), null, access, access);
        } catch (IOException | RuntimeException e) {
            s.stopServer();
            throw new UncheckedIOException(
                    "embedded MQTT broker cannot listen on " + host + ":" + configuredPort,
                    e instanceof IOException io ? io : new IOException(e));
        }
        server = s;
        port = boundPort(s);
        LOG.info("embedded MQTT broker listening on {}:{}", host, port);
    }

    /** Moquette learns its port from an asynchronous bind: wait for it (a few ms). */
    private int boundPort(Server s) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (s.getPort() <= 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (s.getPort() <= 0) {
            s.stopServer();
            server = null;
            throw new UncheckedIOException(
                    new IOException("embedded MQTT broker did not bind " + host + ":" + configuredPort));
        }
        return s.getPort();
    }

    /** The bound port (the chosen one when configured as 0); 0 before the first start. */
    public int port() {
        return port;
    }

    /** Publishes as the broker, QoS 1, not retained. Dropped (logged) while the broker is stopped. */
    public void publish(String topic, byte[] payload) {
        Server s = server;
        if (s == null) {
            LOG.debug("broker stopped: not published on {}", topic);
            return;
        }
        s.internalPublish(
                MqttMessageBuilders.publish()
                        .topicName(topic)
                        .qos(MqttQoS.AT_LEAST_ONCE)
                        .retained(false)
                        .payload(Unpooled.wrappedBuffer(payload))
                        .build(),
                CLIENT_ID);
    }

    public synchronized void stop() {
        Server s = server;
        server = null;
        if (s != null) {
            s.stopServer();
            LOG.info("embedded MQTT broker stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }

    private InterceptHandler interceptor() {
        return new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "scurry-posts";
            }

            @Override
            public Class<?>[] getInterceptedMessageTypes() {
                return new Class<?>[] {InterceptPublishMessage.class};
            }

            @Override
            public void onPublish(InterceptPublishMessage msg) {
                ByteBuf payload = msg.getPayload();
                try {
                    String topic = msg.getTopicName();
                    if (topics.accountOfPost(topic).isPresent()) {
                        onPost.accept(topic, ByteBufUtil.getBytes(payload));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("MQTT message from {} on {} not handled", msg.getClientID(), msg.getTopicName(), e);
                } finally {
                    payload.release();
                }
            }

            @Override
            public void onSessionLoopError(Throwable error) {
                LOG.warn("embedded MQTT broker: session loop error", error);
            }
        };
    }
}
