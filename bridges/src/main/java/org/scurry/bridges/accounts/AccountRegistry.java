package org.scurry.bridges.accounts;

/**
 * An {@link AccountDirectory} that can also create accounts and change their links and secrets: what
 * the JSON API's account endpoints use. Each method blocks until the change is durable on disk, then
 * returns; the new secrets it returns are not kept in clear anywhere, so they can be shown once only.
 *
 * <p>Errors: a bad name or JID throws IllegalArgumentException; an unknown account throws
 * {@link java.util.NoSuchElementException}; a name or JID already taken throws {@link
 * AccountConflictException}. Each message names the bad value and is fit to show.
 */
public interface AccountRegistry extends AccountDirectory {

    /**
     * Creates an account with a fresh key pair, MQTT password and timeline token; the gateway hosts
     * its feed from then on and publishes a {@code profile} entry with the name as display name.
     */
    NewAccount create(String name);

    /** Links an XMPP JID (a bare {@code local@domain}) to the account; null or empty unlinks. */
    Account linkJid(String name, String jid);

    /** Replaces the account's MQTT password; returns the new one. The old one stops working. */
    String newMqttPassword(String name);

    /** Replaces the account's timeline token; returns the new one. The old one stops working. */
    String newTimelineToken(String name);

    /**
     * A freshly created account with its secrets, which exist in clear only in this object.
     * {@link #toString()} hides them.
     */
    record NewAccount(Account account, String mqttPassword, String timelineToken) {
        @Override
        public String toString() {
            return "NewAccount[" + account + ", secrets hidden]";
        }
    }
}
