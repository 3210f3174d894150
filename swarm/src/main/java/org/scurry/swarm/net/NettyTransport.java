package org.scurry.swarm.net;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.PeerLink;
import org.scurry.swarm.Transport;
import org.scurry.swarm.crypto.Ed25519Signer;

/** The peer protocol over TCP. (Being written.) */
public final class NettyTransport implements Transport {
    public NettyTransport(Ed25519Signer identity, NodeConfig config, PeerLink.Handler handler) {}

    @Override
    public InetSocketAddress listen(String host, int port) {
        throw new UnsupportedOperationException("NettyTransport is being written");
    }

    @Override
    public CompletableFuture<PeerLink> connect(String hostPort) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("being written"));
    }

    @Override
    public void close() {}
}
