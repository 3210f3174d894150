package org.scurry.swarm.internal.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.internal.crypto.ChaChaPoly;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.MessageCodec;
import org.scurry.swarm.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a link's pipeline and the {@link PeerLink} the node sees. It turns channel
 * events into {@link PeerLink.Handler} calls, all on the channel's event loop (so in order, one at a
 * time): onOpen once the handshake proved the remote identity, onMessage, onWritable when the
 * channel becomes writable again, onClose once with the reason.
 *
 * <p>It is also the pipeline's single exception catch-all: whatever a handler before it throws
 * (oversized frame, handshake failure, decryption failure, malformed message, I/O error) is logged
 * here on one line with the peer's id and address, and the channel is closed. The reason is kept
 * in a channel attribute, so onClose and a pending connect future report it.
 *
 * <p>Once open it keeps the peer's output in budget: every {@link #send} reserves its wire size in
 * the transport's {@link OutputBudget} (a send past it closes the link instead), and a link whose
 * queued bytes make no progress for the stall timeout is closed: its peer reads nothing.
 */
final class NettyPeerLink extends ChannelInboundHandlerAdapter implements PeerLink {
    private static final Logger LOG = LoggerFactory.getLogger(NettyPeerLink.class);
    private static final AttributeKey<String> CLOSE_REASON = AttributeKey.valueOf("scurry.closeReason");

    private final Channel channel;
    private final boolean outbound;
    private final PeerLink.Handler handler;
    private final CompletableFuture<PeerLink> connected;
    private final OutputBudget budget;
    private final long stallMillis;
    private final ConnectionLimits.Slot slot;
    private final Runnable onStall;
    private final AtomicLong queued = new AtomicLong();
    private volatile FeedId remoteId;
    private volatile boolean open;
    /** Set once a budget closed the link: it no longer counts as open. */
    private volatile boolean closing;

    private ScheduledFuture<?> stallCheck;
    private long lastProgress = -1;
    private long stalledSince;

    /**
     * @param slot the inbound connection's place in the connection limits (null for outbound)
     * @param onStall counts a link closed for stalling
     */
    NettyPeerLink(
            Channel channel,
            boolean outbound,
            PeerLink.Handler handler,
            CompletableFuture<PeerLink> connected,
            OutputBudget budget,
            long stallMillis,
            ConnectionLimits.Slot slot,
            Runnable onStall) {
        this.channel = channel;
        this.outbound = outbound;
        this.handler = handler;
        this.connected = connected;
        this.budget = budget;
        this.stallMillis = stallMillis;
        this.slot = slot;
        this.onStall = onStall;
    }

    Channel channel() {
        return channel;
    }

    io.netty.channel.EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public FeedId relay() {
        return channel instanceof TunnelChannel t ? t.tunnelAddress().relay() : null;
    }

    AtomicLong queuedCounter() {
        return queued;
    }

    /** Records {@code reason} (the first one wins) and closes the channel. */
    static void closeWithReason(Channel channel, String reason) {
        channel.attr(CLOSE_REASON).setIfAbsent(reason);
        channel.close();
    }

    @Override
    public FeedId remoteId() {
        return remoteId;
    }

    @Override
    public String remoteAddress() {
        return NettyTransport.addressText(channel.remoteAddress());
    }

    @Override
    public boolean outbound() {
        return outbound;
    }

    @Override
    public void send(Message message) {
        if (!isOpen()) {
            return;
        }
        // The frame header and the AEAD tag come on top of the message (more if it is split).
        long bytes = MessageCodec.encodedLength(message) + FrameDecoder.LENGTH_FIELD + ChaChaPoly.TAG_LENGTH;
        String refusal = budget.reserve(this, bytes);
        if (refusal != null) {
            drop(refusal, budget::countOverBudget);
            return;
        }
        channel.writeAndFlush(message).addListener(f -> budget.release(this, bytes));
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void setReading(boolean reading) {
        channel.config().setAutoRead(reading);
    }

    @Override
    public long queuedBytes() {
        return queued.get();
    }

    @Override
    public boolean isOpen() {
        return open && !closing && channel.isActive();
    }

    /**
     * Closes the link for overrunning a budget: logged (WARN) and counted once, however many sends
     * are refused before the channel is closed.
     */
    void drop(String reason, Runnable count) {
        if (channel.attr(CLOSE_REASON).setIfAbsent(reason) == null) {
            closing = true;
            count.run();
            if (channel.isActive()) {
                LOG.warn("dropping link {}: {}", describe(), reason);
            }
        }
        channel.close();
    }

    @Override
    public void close(String reason) {
        if (channel.attr(CLOSE_REASON).setIfAbsent(reason) == null && channel.isActive()) {
            LOG.info("closing link {}: {}", describe(), reason);
        }
        channel.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeHandler.Authenticated auth) {
            remoteId = auth.remoteId();
            open = true;
            if (slot != null) {
                slot.authenticated();
            }
            budget.register(this);
            long period = Math.max(10, Math.min(1000, stallMillis / 4));
            stallCheck =
                    ctx.executor().scheduleAtFixedRate(() -> checkStall(ctx), period, period, TimeUnit.MILLISECONDS);
            LOG.debug("link {} authenticated", describe());
            callHandler(() -> handler.onOpen(this));
            if (connected != null) {
                connected.complete(this);
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Message m) {
                callHandler(() -> handler.onMessage(this, m));
            } else if (msg instanceof InvalidEntryException e) {
                LOG.debug("link {} sent an entry that does not decode: {}", describe(), e.getMessage());
                callHandler(() -> handler.onInvalidEntry(this, e));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (open && channel.isWritable()) {
            callHandler(() -> handler.onWritable(this));
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Every quarter of the stall timeout (at most a second): a link with bytes queued whose output
     * has not moved for the whole timeout is closed.
     */
    private void checkStall(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        long pending =
                Math.max(queued.get(), WriteProgress.pending(ctx.pipeline().context(WriteProgress.class)));
        long progress = WriteProgress.progress(ctx.pipeline().context(WriteProgress.class));
        if (pending == 0 || progress != lastProgress) {
            lastProgress = progress;
            stalledSince = now;
        } else if (now - stalledSince >= TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
            drop(
                    String.format(
                            "peer read nothing for %,d ms while %,d bytes were queued for it", stallMillis, pending),
                    onStall);
            stallCheck.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stallCheck != null) {
            stallCheck.cancel(false);
        }
        budget.unregister(this);
        if (slot != null) {
            slot.closed();
        }
        String reason = channel.attr(CLOSE_REASON).get();
        if (open) {
            open = false;
            String r = reason == null ? "closed by the peer" : reason;
            callHandler(() -> handler.onClose(this, r));
        } else {
            String r = reason != null
                    ? reason
                    : "connection closed by the peer during the handshake (another network key, or not a Scurry peer?)";
            if (reason == null) {
                LOG.warn("handshake with {} failed: {}", remoteAddress(), r);
            }
            if (connected != null) {
                connected.completeExceptionally(new HandshakeException(r));
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String reason;
        if (c instanceof ProtocolException) {
            reason = c.getMessage();
        } else if (c instanceof IOException) {
            reason = "I/O error: " + c.getMessage();
        } else {
            reason = "internal error: " + c;
        }
        if (channel.attr(CLOSE_REASON).setIfAbsent(reason) == null) {
            if (c instanceof ProtocolException || c instanceof IOException) {
                LOG.warn("closing link {}: {}", describe(), reason);
            } else {
                LOG.warn("closing link {}: {}", describe(), reason, c);
            }
        }
        channel.close();
    }

    private String describe() {
        FeedId id = remoteId;
        return (id == null ? "(unauthenticated)" : id.shortText()) + " at " + remoteAddress();
    }

    private void callHandler(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("link handler failed on link {}", describe(), e);
        }
    }

    @Override
    public String toString() {
        return "PeerLink[" + describe() + (outbound ? " outbound" : " inbound") + "]";
    }
}
