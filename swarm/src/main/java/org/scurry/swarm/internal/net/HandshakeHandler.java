package org.scurry.swarm.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.scurry.swarm.FeedId;

/**
 * Runs the {@link Handshake} on a channel: each handshake message is one frame. Once complete it
 * replaces itself with a {@link CipherCodec} holding the transport keys and fires {@link
 * Authenticated} down the pipeline. Failures (including the timeout) go to the pipeline's
 * exception catch-all as {@link HandshakeException}s, which closes the channel.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

    /** User event: the handshake proved the remote identity; transport messages may flow. */
    record Authenticated(FeedId remoteId) {}

    private final Handshake handshake;
    private final Duration timeout;
    private ScheduledFuture<?> timer;

    HandshakeHandler(Handshake handshake, Duration timeout) {
        this.handshake = handshake;
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor()
                .schedule(
                        () -> ctx.fireExceptionCaught(
                                new HandshakeException("handshake not complete after " + timeout.toMillis() + " ms")),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        if (handshake.isMyTurn()) {
            write(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (handshake.isMyTurn() || handshake.isComplete()) {
                throw new HandshakeException(
                        "unexpected frame while waiting to send handshake message " + handshake.nextMessage());
            }
            handshake.readMessage(ByteBufUtil.getBytes((ByteBuf) msg));
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (handshake.isMyTurn()) {
            write(ctx);
        }
        if (handshake.isComplete()) {
            complete(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }

    private void write(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.writeMessage()), ctx.voidPromise());
    }

    private void complete(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.pipeline().replace(this, "cipher", new CipherCodec(handshake.split()));
        ctx.pipeline().fireUserEventTriggered(new Authenticated(handshake.remoteId()));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
