package org.scurry.swarm.spi;

/**
 * Told what a node's replication and store do, so that something above the swarm (the gateway's
 * Micrometer registry, docs/operations.md) can count it; the swarm itself stays free of any metrics
 * library. Given to {@link org.scurry.swarm.Node.Builder#meter}; {@link #NONE} by default.
 *
 * <p>Every method is called on the node's own threads (network, verifier, writer, replication), many
 * times a second under load: an implementation must be thread-safe, must not block and must not
 * throw. Counts are of entries, never of bytes, and carry no content and no author.
 *
 * <p>The accounting of entries that peers send: each one is {@link #received} once, then either
 * {@link #refused} (with why) or {@link #verified}; a verified one is then {@link #stored}, found a
 * {@link #duplicates duplicate}, or {@link #refused} by the store's chain rule ({@code gap}, {@code
 * bad_prev}, {@code fork}) or because the store took no writes ({@code store_unavailable}).
 */
public interface NodeMeter {
    /** Counts nothing. */
    NodeMeter NONE = new NodeMeter() {};

    /** Entries that arrived from peers (live streams and range chunks), before any check. */
    default void received(int entries) {}

    /** Entries from peers that passed the entry checks (signature, layout, timestamp, content). */
    default void verified(int entries) {}

    /**
     * Entries from peers not kept, and why: an {@code InvalidEntryException.Reason} in lower case
     * ({@code bad_signature}, {@code malformed}, ...), {@code unwanted} (a feed this node does not
     * replicate), {@code gap}, {@code bad_prev}, {@code fork}, {@code store_unavailable} (the store took no writes), or {@code store_error}
     * (the store failed otherwise; logged).
     */
    default void refused(String reason, int entries) {}

    /** Verified entries from peers that were already held. */
    default void duplicates(int entries) {}

    /** Entries from peers appended to the store (the node's own posts are not counted here). */
    default void stored(int entries) {}

    /** Entries sent to peers (live pushes, streams and range answers). */
    default void sent(int entries) {}

    /**
     * One store append transaction took {@code nanos} (replicated entries, range chunks and local
     * posts alike); {@code entries} were offered in it.
     */
    default void appended(int entries, long nanos) {}
}
