package org.scurry.bridges.accounts;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.scurry.swarm.FeedId;

/**
 * The public face of a hosted account: its name (also the MQTT username and the {@code {account}} in
 * topics and URLs), its feed id, and the XMPP JID linked to it, if any. Holds no secret.
 *
 * @param name {@code [a-z0-9_-]{1,32}}, unique on the gateway
 * @param id the account's feed (its Ed25519 public key), whose key the gateway holds
 * @param jid the bare XMPP JID linked to the account, lower case; null when none is linked
 */
public record Account(String name, FeedId id, String jid) {
    /** What an account name may be. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    public Account {
        requireValidName(name);
        Objects.requireNonNull(id, "id");
    }

    public Optional<String> linkedJid() {
        return Optional.ofNullable(jid);
    }

    /** Returns {@code name}; throws IllegalArgumentException, quoting it, when it is not a valid name. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an account name is 1 to 32 characters from a-z, 0-9, _ and -: " + name);
        }
        return name;
    }
}
