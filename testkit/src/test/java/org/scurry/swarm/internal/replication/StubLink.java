package org.scurry.swarm.internal.replication;

import org.scurry.swarm.FeedId;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;

/** An open link that records nothing, for tests of classes that only read the peer's id. */
record StubLink(FeedId remoteId) implements PeerLink {
    @Override
    public String remoteAddress() {
        return "stub";
    }

    @Override
    public boolean outbound() {
        return true;
    }

    @Override
    public void send(Message message) {}

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close(String reason) {}
}
