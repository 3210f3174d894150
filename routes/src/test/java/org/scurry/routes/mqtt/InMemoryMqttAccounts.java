package org.scurry.routes.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;

/**
 * {@link MqttAccounts} kept in memory, for tests and for a gateway without hosted accounts: names
 * map to feeds the {@link Node} hosts; who follows whom is read from the node's store. Passwords are
 * compared in constant time. Thread-safe.
 */
public final class InMemoryMqttAccounts implements MqttAccounts {
    private final Node node;
    private final Map<String, FeedId> feeds = new ConcurrentHashMap<>();
    private final Map<String, byte[]> passwords = new ConcurrentHashMap<>();

    public InMemoryMqttAccounts(Node node) {
        this.node = node;
    }

    /** Adds or replaces an account; the node must host {@code feed} for posts to work. */
    public InMemoryMqttAccounts add(String name, FeedId feed, String password) {
        feeds.put(name, feed);
        passwords.put(name, password.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public Optional<FeedId> feedOf(String account) {
        return account == null ? Optional.empty() : Optional.ofNullable(feeds.get(account));
    }

    @Override
    public Set<String> timelinesWith(FeedId author) {
        Set<String> names = new TreeSet<>();
        feeds.forEach((name, feed) -> {
            if (feed.equals(author) || node.following(feed).contains(author)) {
                names.add(name);
            }
        });
        return names;
    }

    @Override
    public boolean checkPassword(String account, String password) {
        byte[] expected = account == null ? null : passwords.get(account);
        byte[] given = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
        return expected != null & MessageDigest.isEqual(expected == null ? new byte[0] : expected, given);
    }
}
