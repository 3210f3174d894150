package org.scurry.swarm.replication;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.PeerLink;
import org.scurry.swarm.Store;
import org.scurry.swarm.Transport;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.wire.Message;

/** Replication engine (being written). */
public final class Replicator implements PeerLink.Handler, AutoCloseable {
    public Replicator(NodeConfig config, FeedId self, Store store, EntryValidator validator) {}

    public void start(Transport transport, InetSocketAddress listening) {}

    public void onLocalAppend(Entry entry) {}

    public void addLocalFeed(FeedId feed) {}

    public List<PeerInfo> peers() {
        return List.of();
    }

    public CompletableFuture<PeerInfo> connect(String hostPort) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("being written"));
    }

    public Set<FeedId> wanted() {
        return Set.of();
    }

    public AutoCloseable addListener(Consumer<Entry> listener) {
        return () -> {};
    }

    @Override
    public void onOpen(PeerLink link) {}

    @Override
    public void onMessage(PeerLink link, Message message) {}

    @Override
    public void onWritable(PeerLink link) {}

    @Override
    public void onClose(PeerLink link, String reason) {}

    @Override
    public void close() {}
}
