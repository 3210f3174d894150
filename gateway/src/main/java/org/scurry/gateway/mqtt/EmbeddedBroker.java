package org.scurry.gateway.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.routes.mqtt.MqttAccounts;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's embedded MQTT broker (Moquette 0.17: MQTT 3.1.1, the newest release on Maven
 * Central). Listens on {@code host:port} (loopback by default) and admits only accounts, each with
 * client ids of its own ({@link BrokerAccess}, {@link ClientIds}).
 *
 * <p><b>Nothing on disk, nothing sent elsewhere.</b> Sessions, subscriptions and queued QoS 1
 * messages live in memory only: a queue holds timeline messages, protected posts opened for their
 * reader among them, and Moquette would keep it in clear in files. A persistent session left
 * offline expires after {@value #SESSION_EXPIRY}, so an abandoned one does not grow forever.
 * Moquette's telemetry (a report to its maker's server and a look-up of the public address, with an
 * install id kept in {@code .moquette_uuid}) is off. {@code dataDir} is where older versions kept
 * the broker's files; they are deleted at start ({@link #removeFormerFiles}).
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
    /** How long a persistent session is kept while its device is away (Moquette's h/d/w units). */
    static final String SESSION_EXPIRY = "1d";
    /** The files Moquette 0.17 kept in its data path: H2 store, segmented queues, install id. */
    private static final Pattern FORMER_FILES =
            Pattern.compile("moquette_store\\.h2.*|\\.moquette_uuid|checkpoint\\.properties|\\d+\\.page");

    private final String host;
    private final int configuredPort;
    private final Path dataDir;
    private final BrokerAccess access;
    private final MqttTopics topics;
    private final BiConsumer<String, byte[]> onPost;
    private volatile Server server;
    private volatile ExecutorService refusals;
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
        access.onRefusedPublish(this::refusedPublish);
    }

    /** Starts listening; blocks until bound. Throws UncheckedIOException when the port is taken. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        removeFormerFiles(dataDir);
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port != 0 ? port : configuredPort));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.PERSISTENT_CLIENT_EXPIRATION_PROPERTY_NAME, SESSION_EXPIRY);
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        // mosquitto_pub sends an empty client id with a clean session; MQTT 3.1.1 lets the broker assign one.
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(64 * 1024));
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        refusals = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mqtt-refusals");
            t.setDaemon(true);
            return t;
        });
        Server s = new Server();
        try {
            s.startServer(new MemoryConfig(p), List.of(interceptor()), null, access, access);
        } catch (IOException | RuntimeException e) {
            s.stopServer();
            refusals.shutdownNow();
            throw new UncheckedIOException(
                    "embedded MQTT broker cannot listen on " + host + ":" + configuredPort,
                    e instanceof IOException io ? io : new IOException(e));
        }
        server = s;
        port = boundPort(s);
        LOG.info("embedded MQTT broker listening on {}:{}", host, port);
    }

    /**
     * Deletes what Moquette kept in {@code dir} before the broker's state moved to memory: the
     * queues held protected posts opened for their readers in clear. Removes {@code dir} when that
     * leaves it empty; files of other names are left alone.
     */
    static void removeFormerFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && FORMER_FILES.matcher(f.getFileName().toString()).matches()) {
                    Files.delete(f);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the former MQTT broker files in " + dir, e);
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException notEmpty) {
            LOG.warn("{} holds files the gateway did not make; left as it is", dir);
        }
        if (removed > 0) {
            LOG.info(
                    "removed {} file(s) of the former on-disk MQTT broker state in {} (queued messages were kept there"
                            + " in clear; the broker now keeps its state in memory)",
                    removed,
                    dir);
        }
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

    /** True between {@link #start} and {@link #stop}: the broker takes connections. */
    public boolean isRunning() {
        return server != null;
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
            refusals.shutdownNow();
            LOG.info("embedded MQTT broker stopped");
        }
    }

    /**
     * A PUBLISH refused outside the post topics ({@link BrokerAccess}): the reason goes to the user's
     * error topic and the connection is closed (MQTT 3.1.1 §3.3.5), off the broker's session thread.
     */
    private void refusedPublish(String clientId, String user, String topic) {
        LOG.warn(
                "MQTT client {} of {} may not publish on {}: closing its connection",
                LogText.of(clientId),
                LogText.of(user),
                LogText.of(topic));
        ExecutorService e = refusals;
        Server s = server;
        if (e == null || s == null) {
            return;
        }
        try {
            e.execute(() -> {
                publish(
                        topics.error(user),
                        errorJson("not published: " + user + " may publish only on " + topics.post(user) + ", not on "
                                + topic + "; the broker closed the connection"));
                s.disconnectClient(clientId);
            });
        } catch (RejectedExecutionException stopping) {
            // the broker is stopping: every connection closes anyway
        }
    }

    private static byte[] errorJson(String reason) {
        try {
            return EntryJson.MAPPER.writeValueAsBytes(
                    EntryJson.MAPPER.createObjectNode().put("error", reason));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
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
                return new Class<?>[] {InterceptPublishMessage.class, InterceptConnectMessage.class};
            }

            @Override
            public void onConnect(InterceptConnectMessage msg) {
                // An id the client chose that passed the login only as a look-alike of one the broker
                // assigns: drop the connection and the session it made (see ClientIds).
                if (ClientIds.isChosenButNotOwned(msg.getUsername(), msg.getClientID())) {
                    LOG.warn(
                            "MQTT client id {} is not {}'s: disconnected and its session dropped",
                            LogText.of(msg.getClientID()),
                            LogText.of(msg.getUsername()));
                    Server s = server;
                    if (s != null) {
                        s.disconnectAndPurgeClientState(msg.getClientID());
                    }
                }
            }

            @Override
            public void onPublish(InterceptPublishMessage msg) {
                ByteBuf payload = msg.getPayload();
                try {
                    String topic = msg.getTopicName();
                    Optional<String> account = topics.accountOfPost(topic);
                    if (account.isEmpty()) {
                        return;
                    }
                    String user = msg.getUsername();
                    if (account.get().equals(user)) {
                        onPost.accept(topic, ByteBufUtil.getBytes(payload));
                    } else if (user != null) {
                        // Acknowledged by the broker (so the device does not wait), never posted.
                        publish(
                                topics.error(user),
                                errorJson("not posted: " + topic + " is " + account.get()
                                        + "'s post topic; you are logged in as " + user + " and post on "
                                        + topics.post(user)));
                    }
                } catch (RuntimeException e) {
                    LOG.warn(
                            "MQTT message from {} on {} not handled",
                            LogText.of(msg.getClientID()),
                            LogText.of(msg.getTopicName()),
                            e);
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
