package org.scurry.gateway.mqtt;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.nio.charset.StandardCharsets;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.routes.mqtt.MqttAccounts;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on the embedded broker: a user is an account (username = account name, password =
 * its MQTT password), connecting with a client id of its own ({@link ClientIds}). A user may read
 * {@code {prefix}/feed/#}, {@code {prefix}/timeline/{its name}} and {@code {prefix}/error/{its
 * name}}.
 *
 * <p>Publishing: every post topic {@code {prefix}/post/+} is writable, so that the broker answers a
 * QoS 1 message on it with a PUBACK; nobody may subscribe to post topics, so the message reaches only
 * the gateway, which posts it when the topic is the publisher's own and otherwise refuses it on the
 * publisher's error topic ({@link EmbeddedBroker}). Any other topic is refused, and {@code
 * onRefusedPublish} is told so the broker can close the connection: MQTT 3.1.1 §3.3.5 lets a broker
 * that does not authorize a PUBLISH either acknowledge it or close, and Moquette 0.17 does neither,
 * which left a device waiting for its PUBACK forever.
 *
 * <p>The gateway itself talks to the broker in-process and needs no login. Thread-safe.
 */
final class BrokerAccess implements IAuthenticator, IAuthorizatorPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAccess.class);

    /** Told about a PUBLISH refused on a topic outside {@code {prefix}/post/+}. */
    @FunctionalInterface
    interface RefusalListener {
        void refused(String clientId, String user, String topic);
    }

    private final MqttAccounts accounts;
    private final MqttTopics topics;
    private volatile RefusalListener onRefusedPublish = (clientId, user, topic) -> {};

    BrokerAccess(MqttAccounts accounts, MqttTopics topics) {
        this.accounts = accounts;
        this.topics = topics;
    }

    void onRefusedPublish(RefusalListener listener) {
        this.onRefusedPublish = listener;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null) {
            return false;
        }
        if (!accounts.checkPassword(username, new String(password, StandardCharsets.UTF_8))) {
            return false; // Moquette logs the refusal
        }
        if (!ClientIds.mayUse(username, clientId)) {
            // MQTT 3.1.1 has no return code for this that Moquette would send: the client gets
            // 4 (bad user name or password); this line says what was wrong.
            LOG.warn(
                    "MQTT login refused: user {} may not use client id {}: use {} or {}{}DEVICE",
                    LogText.of(username),
                    LogText.of(clientId),
                    LogText.of(username),
                    LogText.of(username),
                    ClientIds.SEPARATOR);
            return false;
        }
        return true;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        if (user == null) {
            return false;
        }
        if (topics.accountOfPost(topic.toString()).isPresent()) {
            return true;
        }
        onRefusedPublish.refused(client, user, topic.toString());
        return false;
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        if (user == null) {
            return false;
        }
        String t = topic.toString();
        return t.equals(topics.timeline(user))
                || t.equals(topics.error(user))
                || t.equals(topics.prefix() + "/feed/#")
                || t.equals(topics.prefix() + "/feed/+")
                || (t.startsWith(topics.prefix() + "/feed/")
                        && t.indexOf('/', topics.prefix().length() + 6) < 0
                        && !t.contains("#"));
    }
}
