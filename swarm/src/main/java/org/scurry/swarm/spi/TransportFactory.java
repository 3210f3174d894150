package org.scurry.swarm.spi;

import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;

/** Makes the transport a node runs on: TCP for real nodes, in-memory for tests and the simulator. */
@FunctionalInterface
public interface TransportFactory {
    Transport create(Ed25519Signer identity, NodeConfig config, PeerLink.Handler handler);
}
