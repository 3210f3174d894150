package org.scurry.routes.mqtt;

import java.util.Optional;
import java.util.Set;
import org.scurry.swarm.FeedId;

/**
 * What the MQTT bridge needs to know about the gateway's hosted accounts: the account name is the
 * MQTT username and the {@code {account}} level of the topics. The gateway adapts its account
 * directory to this.
 *
 * <p>Every method is thread-safe, never throws for an unknown account (it answers empty, false or
 * an empty set) and never logs a secret.
 */
public interface MqttAccounts {

    /** The feed an account posts to; empty for an unknown name. Fast (in memory). */
    Optional<FeedId> feedOf(String account);

    /**
     * The accounts whose timeline holds the entries of {@code author}: those that follow it, and the
     * account that is {@code author} itself. May read the store; called once per entry.
     */
    Set<String> timelinesWith(FeedId author);

    /**
     * True when {@code password} is the account's MQTT password. May block for a slow hash: call once
     * per login, never per message.
     */
    boolean checkPassword(String account, String password);
}
