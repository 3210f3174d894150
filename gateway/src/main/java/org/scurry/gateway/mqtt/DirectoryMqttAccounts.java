package org.scurry.gateway.mqtt;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.accounts.AccountDirectory;
import org.scurry.routes.mqtt.MqttAccounts;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;

/** The gateway's hosted accounts as the MQTT bridge sees them. Thread-safe. */
public final class DirectoryMqttAccounts implements MqttAccounts {
    private final AccountDirectory accounts;
    private final Node node;

    public DirectoryMqttAccounts(AccountDirectory accounts, Node node) {
        this.accounts = accounts;
        this.node = node;
    }

    @Override
    public Optional<FeedId> feedOf(String account) {
        return accounts.byName(account).map(Account::id);
    }

    @Override
    public Set<String> timelinesWith(FeedId author) {
        Set<String> names = new TreeSet<>();
        for (Account a : accounts.list()) {
            if (a.id().equals(author) || node.following(a.id()).contains(author)) {
                names.add(a.name());
            }
        }
        return names;
    }

    @Override
    public boolean checkPassword(String account, String password) {
        return accounts.checkMqttPassword(account, password);
    }
}
