package org.scurry.swarm.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * The outbound handler nearest the socket: counts the bytes that reached it, so a stalled peer
 * (one that reads nothing while bytes wait for it) can be told from a slow one. Used on the
 * channel's event loop only.
 */
final class WriteProgress extends ChannelOutboundHandlerAdapter {
    private long written;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            int n = b.readableBytes();
            ChannelPromise p = promise.isVoid() ? ctx.newPromise() : promise;
            p.addListener(f -> {
                if (f.isSuccess()) {
                    written += n;
                }
            });
            ctx.write(msg, p);
        } else {
            ctx.write(msg, promise);
        }
    }

    /**
     * A number that grows whenever bytes go out: buffers fully written, plus the part written of
     * the buffer the socket is on.
     */
    static long progress(ChannelHandlerContext ctx) {
        WriteProgress self = (WriteProgress) ctx.handler();
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return self.written + (out == null ? 0 : out.currentProgress());
    }

    /** Bytes in the channel's outbound buffer, written or not yet flushed. */
    static long pending(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }
}
