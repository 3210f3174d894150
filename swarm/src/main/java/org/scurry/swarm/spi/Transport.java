package org.scurry.swarm.spi;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Authenticated, encrypted links to other peers. {@code net.NettyTransport} runs over TCP; the
 * testkit's in-memory transport runs thousands of nodes in one process. Incoming links and
 * messages are reported to the {@link PeerLink.Handler} given at construction.
 */
public interface Transport extends AutoCloseable {

    /** Starts accepting links; blocks until bound; returns the bound address. Throws on failure. */
    InetSocketAddress listen(String host, int port);

    /**
     * Opens a link to {@code host:port}. Never blocks and never throws: the future fails with the
     * reason (refused, handshake failed, wrong network key...).
     */
    CompletableFuture<PeerLink> connect(String hostPort);

    /**
     * True while the port bound by {@link #listen} accepts connections (a volatile read, for a
     * readiness probe). In-memory transports are always listening.
     */
    default boolean listening() {
        return true;
    }

    /** What the links hold and what was refused so far. Never blocks. */
    default TransportStats stats() {
        return TransportStats.NONE;
    }

    /** What the transport relays and how many of its links are tunnels. Never blocks. */
    default RelayStats relayStats() {
        return RelayStats.NONE;
    }

    /** Closes every link and stops listening. Idempotent. */
    @Override
    void close();
}
