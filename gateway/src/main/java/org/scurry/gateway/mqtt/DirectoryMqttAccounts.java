package org.scurry.gateway.mqtt;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.accounts.AccountDirectory;
import org.scurry.routes.mqtt.FollowerIndex;
import org.scurry.routes.mqtt.MqttAccounts;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;

/**
 * The gateway's hosted accounts as the MQTT bridge sees them. Who follows whom comes from a {@link
 * FollowerIndex}, so {@link #timelinesWith} reads nothing from the store. Thread-safe.
 */
public final class DirectoryMqttAccounts implements MqttAccounts {
    private final AccountDirectory accounts;
    private final FollowerIndex followers;

    public DirectoryMqttAccounts(AccountDirectory accounts, Node node) {
        this.accounts = accounts;
        this.followers = new FollowerIndex(
                node, () -> accounts.list().stream().map(Account::id).toList());
    }

    @Override
    public Optional<FeedId> feedOf(String account) {
        return accounts.byName(account).map(Account::id);
    }

    @Override
    public Set<String> timelinesWith(FeedId author) {
        Set<String> names = new TreeSet<>();
        accounts.byFeed(author).ifPresent(a -> names.add(a.name()));
        for (FeedId follower : followers.followersOf(author)) {
            accounts.byFeed(follower).ifPresent(a -> names.add(a.name()));
        }
        return names;
    }

    @Override
    public boolean checkPassword(String account, String password) {
        return accounts.checkMqttPassword(account, password);
    }
}
