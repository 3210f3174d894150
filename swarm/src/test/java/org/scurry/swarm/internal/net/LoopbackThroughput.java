package org.scurry.swarm.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.scurry.swarm.Entry;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;

/**
 * A rough measure of encrypted throughput over loopback: Entries messages of 200 entries of about
 * 300 encoded bytes each, streamed with backpressure. Run with
 * {@code mvn -o -q -pl swarm test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.scurry.swarm.internal.net.LoopbackThroughput}.
 */
public final class LoopbackThroughput {
    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        NodeConfig config = NodeConfig.defaults(Path.of("unused"));
        Ed25519Signer author = Ed25519Signer.generate();
        String text = "x".repeat(150);
        List<Entry> batch = new ArrayList<>();
        Entry prev = null;
        for (int i = 1; i <= 200; i++) {
            Entry e = Entry.sign(
                    author,
                    i,
                    prev == null ? null : prev.id(),
                    System.currentTimeMillis(),
                    "post",
                    ("{\"text\":\"" + text + "\"}").getBytes(UTF_8));
            batch.add(e);
            prev = e;
        }
        Message.Entries message = new Message.Entries(batch);
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        long total = (long) batches * batch.size();
        PeerLink.Handler sink = new Handler() {
            @Override
            public void onMessage(PeerLink link, Message m) {
                if (received.addAndGet(((Message.Entries) m).entries().size()) >= total) {
                    done.countDown();
                }
            }
        };
        Object lock = new Object();
        PeerLink.Handler source = new Handler() {
            @Override
            public void onWritable(PeerLink link) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        };
        try (NettyTransport server = new NettyTransport(Ed25519Signer.generate(), config, sink);
                NettyTransport client = new NettyTransport(Ed25519Signer.generate(), config, source)) {
            int port = server.listen("127.0.0.1", 0).getPort();
            PeerLink link = client.connect("127.0.0.1:" + port).get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                synchronized (lock) {
                    while (!link.isWritable()) {
                        lock.wait(10);
                    }
                }
                link.send(message);
            }
            done.await(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%d entries of %d bytes in %.2f s: %.0f entries/s, %.0f messages/s, %.1f MB/s%n",
                    received.get(),
                    batch.get(0).encodedLength(),
                    seconds,
                    received.get() / seconds,
                    batches / seconds,
                    received.get() * batch.get(0).encodedLength() / seconds / 1e6);
        }
    }

    private abstract static class Handler implements PeerLink.Handler {
        @Override
        public void onOpen(PeerLink link) {}

        @Override
        public void onMessage(PeerLink link, Message message) {}

        @Override
        public void onWritable(PeerLink link) {}

        @Override
        public void onClose(PeerLink link, String reason) {}
    }
}
