package org.scurry.routes.metrics;

/**
 * Told what the bridges carry, so that the gateway can count it (its Micrometer registry,
 * docs/operations.md) while the routes stay free of any metrics library. {@link #NONE} by default.
 *
 * <p>Called on Camel's and the clients' threads: an implementation must be thread-safe, must not
 * block and must not throw. The bridge is {@code mqtt}, {@code xmpp} or {@code feeds}; a reason is
 * one of a few fixed words (below), never text from the message, an account or a JID, so that
 * nothing a stranger sends becomes a label.
 */
public interface BridgeMeter {
    /** Counts nothing. */
    BridgeMeter NONE = new BridgeMeter() {};

    /**
     * A message came in from outside: an MQTT post, a chat message to the bot, an item of an imported
     * feed.
     */
    default void in(String bridge) {}

    /**
     * Messages went out: entries published on MQTT topics, chat messages sent, Atom/RSS documents
     * served.
     */
    default void out(String bridge, int messages) {}

    /**
     * A message that came in was refused (nothing posted): {@code unknown_account}, {@code invalid}
     * (payload, length, command), {@code duplicate} (a repeat within the de-duplication window),
     * {@code not_stored} (the store took no writes), {@code rate_limited}, {@code not_linked}; for
     * feeds a request answered {@code not_found}, {@code unauthorized} or {@code invalid}, and an
     * import poll that failed, {@code fetch_failed}.
     */
    default void refused(String bridge, String reason) {}
}
