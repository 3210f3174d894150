package org.scurry.swarm.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.MessageCodec;

/**
 * The output budget on links whose writes never complete (a peer that reads nothing, without the
 * kernel's socket buffers in between): a link is closed before it passes its own budget, and past
 * the node's the link holding the most is closed, not the one sending.
 */
class OutputBudgetTest {
    private static final long PER_LINK = 4L << 20;
    private static final long TOTAL = 6L << 20;
    private static final Message BATCH = new Message.Entries(NettyTransportTest.entries(200));
    private static final long BATCH_BYTES = MessageCodec.encodedLength(BATCH) + 4 + 16;

    private final OutputBudget budget = new OutputBudget(LinkLimits.defaults().withQueuedBytes(PER_LINK, TOTAL));

    /** Holds every write: its promise never completes until {@link #release}. */
    private static final class Stuck extends ChannelOutboundHandlerAdapter {
        final List<ChannelPromise> held = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            held.add(promise);
        }

        void release() {
            held.forEach(ChannelPromise::trySuccess);
            held.clear();
        }
    }

    private record Link(NettyPeerLink link, EmbeddedChannel channel, Stuck stuck, List<String> closed) {}

    private Link link() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Stuck stuck = new Stuck();
        List<String> closed = new ArrayList<>();
        PeerLink.Handler handler = new PeerLink.Handler() {
            @Override
            public void onOpen(PeerLink link) {}

            @Override
            public void onMessage(PeerLink link, Message message) {}

            @Override
            public void onWritable(PeerLink link) {}

            @Override
            public void onClose(PeerLink link, String reason) {
                closed.add(reason);
            }
        };
        NettyPeerLink link = new NettyPeerLink(ch, false, handler, null, budget, 60_000, null, () -> {});
        ch.pipeline().addLast(stuck, link);
        ch.pipeline()
                .fireUserEventTriggered(new HandshakeHandler.Authenticated(
                        FeedId.of(Ed25519Signer.generate().publicKey())));
        return new Link(link, ch, stuck, closed);
    }

    @Test
    void aLinkIsClosedBeforeItsQueuePassesItsBudget() {
        Link l = link();
        int sent = 0;
        while (l.link().isOpen() && sent < 1000) {
            l.link().send(BATCH);
            sent++;
            assertThat(l.link().queuedBytes()).isLessThanOrEqualTo(PER_LINK);
        }
        assertThat(sent).isEqualTo((int) (PER_LINK / BATCH_BYTES) + 1);
        l.channel().runPendingTasks();
        assertThat(l.closed())
                .containsExactly(String.format(
                        "peer does not read: %,d bytes queued for it and %,d more to send (limit %,d)",
                        (PER_LINK / BATCH_BYTES) * BATCH_BYTES, BATCH_BYTES, PER_LINK));
        assertThat(budget.overBudget()).isEqualTo(1);
        l.link().send(BATCH); // closed: dropped, not counted again
        assertThat(budget.overBudget()).isEqualTo(1);
        l.stuck().release();
        assertThat(budget.queued()).isZero();
        assertThat(budget.peak()).isEqualTo((PER_LINK / BATCH_BYTES) * BATCH_BYTES);
    }

    @Test
    void pastTheNodesBudgetTheLinkHoldingTheMostIsClosedNotTheSender() {
        Link big = link();
        Link small = link();
        while (big.link().queuedBytes() + BATCH_BYTES <= PER_LINK) {
            big.link().send(BATCH);
        }
        long bigQueued = big.link().queuedBytes();
        while (big.link().isOpen() && small.link().queuedBytes() < PER_LINK) {
            small.link().send(BATCH);
        }
        big.channel().runPendingTasks();

        assertThat(big.closed()).hasSize(1);
        assertThat(big.closed().get(0))
                .isEqualTo(String.format(
                        "the node's output budget is spent (%,d bytes queued for all peers, limit %,d) and this peer"
                                + " holds the most: %,d",
                        bigQueued + small.link().queuedBytes(), TOTAL, bigQueued));
        assertThat(small.link().isOpen()).isTrue();
        assertThat(small.closed()).isEmpty();
        assertThat(small.link().queuedBytes()).isLessThan(bigQueued);
    }

    @Test
    void theSenderHoldingTheMostIsRefusedItself() {
        Link small = link();
        Link big = link();
        while (small.link().queuedBytes() < (5L << 20) / 2) {
            small.link().send(BATCH);
        }
        while (big.link().isOpen() && big.link().queuedBytes() < PER_LINK) {
            big.link().send(BATCH);
        }
        big.channel().runPendingTasks();

        assertThat(big.closed()).hasSize(1);
        assertThat(big.closed().get(0)).startsWith("the node's output budget is spent (");
        assertThat(big.link().queuedBytes()).isGreaterThan(small.link().queuedBytes());
        assertThat(budget.queued()).isLessThanOrEqualTo(TOTAL);
        assertThat(small.link().isOpen()).isTrue();
    }
}
