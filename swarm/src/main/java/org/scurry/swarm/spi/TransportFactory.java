package org.scurry.swarm.spi;

import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * Makes the transport a node runs on: TCP for real nodes ({@code internal.net.NettyTransport}, the
 * default), in memory for tests (the testkit's {@code MemoryNetwork}) and the simulator.
 */
@FunctionalInterface
public interface TransportFactory {
    /**
     * Called once, while the node starts, on the starting thread. Returns a transport that is not
     * listening yet (the node calls {@link Transport#listen} next) and reports links and messages
     * to {@code handler}, which is the node's replication. May throw; the node then does not start.
     *
     * @param identity the node's key: the transport proves it to peers and learns theirs
     * @param config the node's settings (network key, limits, timeouts)
     */
    Transport create(Ed25519Signer identity, NodeConfig config, PeerLink.Handler handler);
}
