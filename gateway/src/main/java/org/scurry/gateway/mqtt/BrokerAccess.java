package org.scurry.gateway.mqtt;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.nio.charset.StandardCharsets;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.routes.mqtt.MqttAccounts;

/**
 * Who may do what on the embedded broker: a user is an account (username = account name, password =
 * its MQTT password). A user may publish only to {@code {prefix}/post/{its name}} and read {@code
 * {prefix}/feed/#}, {@code {prefix}/timeline/{its name}} and {@code {prefix}/error/{its name}}; the
 * gateway itself talks to the broker in-process and needs no login. Thread-safe.
 */
final class BrokerAccess implements IAuthenticator, IAuthorizatorPolicy {
    private final MqttAccounts accounts;
    private final MqttTopics topics;

    BrokerAccess(MqttAccounts accounts, MqttTopics topics) {
        this.accounts = accounts;
        this.topics = topics;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null) {
            return false;
        }
        return accounts.checkPassword(username, new String(password, StandardCharsets.UTF_8));
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return user != null && topic.toString().equals(topics.post(user));
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
