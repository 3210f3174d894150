package org.scurry.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.scurry.swarm.internal.net.NettyTransport;
import org.scurry.swarm.spi.TransportFactory;

/**
 * A token bucket on one link's outbound bytes, for tests and benchmarks that model home uplinks
 * (docs/history.md, "Measuring"). Never installed by a real node's configuration: only through
 * {@link #transports}, which puts one in every link of a {@link NettyTransport}.
 *
 * <p>The bucket holds at most {@code bytesPerSecond / 10} tokens (a 100 ms burst) and refills at
 * {@code bytesPerSecond}. A buffer is written when the bucket holds its size (or is full, for a
 * buffer larger than the burst, which then leaves the bucket in debt); otherwise it waits, in
 * order, until a timer on the channel's event loop finds enough tokens. Waiting bytes count for
 * the link's writability (above {@link NettyTransport#WRITE_BUFFER_HIGH} queued, it is unwritable),
 * so senders that respect {@code isWritable} are held back as by a slow network.
 */
public final class UploadThrottle extends ChannelDuplexHandler {
    /** Netty's own traffic shaping handlers use indices 1 to 3. */
    private static final int WRITABILITY_INDEX = 4;

    private record Pending(ByteBuf buf, ChannelPromise promise) {}

    private final long bytesPerSecond;
    private final long burst;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private double tokens;
    private long refilledAt = System.nanoTime();
    private long queuedBytes;
    private boolean timerSet;

    /**
     * TCP transports whose every link sends at most {@code bytesPerSecond} (one bucket per link):
     * for tests and benchmarks, never for a real node.
     */
    public static TransportFactory transports(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("upload limit must be ≥ 1 byte/s: " + bytesPerSecond);
        }
        return NettyTransport.withOutboundShaper(() -> new UploadThrottle(bytesPerSecond));
    }

    UploadThrottle(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("upload limit must be ≥ 1 byte/s: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burst = Math.max(1, bytesPerSecond / 10);
        this.tokens = burst;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        queue.add(new Pending(buf, promise));
        queuedBytes += buf.readableBytes();
        if (queuedBytes > NettyTransport.WRITE_BUFFER_HIGH) {
            setWritable(ctx, false);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        drain(ctx);
    }

    private void drain(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * bytesPerSecond);
        refilledAt = now;
        boolean wrote = false;
        while (!queue.isEmpty()) {
            int size = queue.peek().buf().readableBytes();
            if (tokens < Math.min(size, burst)) {
                break;
            }
            Pending p = queue.poll();
            tokens -= size;
            queuedBytes -= size;
            ctx.write(p.buf(), p.promise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (queuedBytes < NettyTransport.WRITE_BUFFER_LOW) {
            setWritable(ctx, true);
        }
        if (!queue.isEmpty() && !timerSet) {
            int next = queue.peek().buf().readableBytes();
            double missing = Math.min(next, burst) - tokens;
            long delayNanos = Math.max(1_000_000L, (long) (missing / bytesPerSecond * 1e9));
            timerSet = true;
            ctx.executor()
                    .schedule(
                            () -> {
                                timerSet = false;
                                if (ctx.channel().isActive()) {
                                    drain(ctx);
                                }
                            },
                            delayNanos,
                            TimeUnit.NANOSECONDS);
        }
    }

    private static void setWritable(ChannelHandlerContext ctx, boolean writable) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null) {
            out.setUserDefinedWritability(WRITABILITY_INDEX, writable);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    private void release() {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.buf().release();
            p.promise().tryFailure(new ClosedChannelException());
        }
        queuedBytes = 0;
    }
}
