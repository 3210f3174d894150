package org.scurry.bridges.accounts;

import java.util.List;
import java.util.Optional;
import org.scurry.swarm.FeedId;

/**
 * Looks up the gateway's hosted accounts and checks their credentials: what the bridges need to map
 * an MQTT login, an XMPP sender or a private feed URL to an account. The gateway implements it.
 *
 * <p>Every method is thread-safe, never throws for an unknown account (it answers empty or false),
 * and never logs a secret. Lookups are in memory and fast; {@link #checkMqttPassword} is slow on
 * purpose (a salted PBKDF2 hash), so call it once per login, not per message.
 */
public interface AccountDirectory {

    /** Every account, sorted by name. */
    List<Account> list();

    /** The account with that name; empty when there is none (or the name is not a valid one). */
    Optional<Account> byName(String name);

    /**
     * The account linked to that XMPP JID. Matching uses the bare JID ({@code local@domain}, any
     * {@code /resource} is ignored) without regard to case.
     */
    Optional<Account> byJid(String jid);

    /** The account whose feed this is; empty for feeds the gateway does not host. */
    Optional<Account> byFeed(FeedId feed);

    /**
     * True when {@code password} is the account's current MQTT password. Blocks for the hash (tens
     * to hundreds of milliseconds), also for unknown names, so timing does not tell which names exist.
     */
    boolean checkMqttPassword(String name, String password);

    /**
     * True when {@code token} is the account's current timeline token (the secret in its private
     * feed URL). Compared in constant time; false for an unknown name or a null token.
     */
    boolean checkTimelineToken(String name, String token);
}
