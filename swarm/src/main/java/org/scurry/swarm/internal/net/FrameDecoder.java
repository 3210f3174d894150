package org.scurry.swarm.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.scurry.swarm.wire.ProtocolException;

/**
 * Splits the byte stream into frames. Every frame, handshake or transport, is a 4-byte big-endian
 * unsigned length and that many bytes:
 *
 * <pre>
 * +------------+--------------------------+
 * | length u32 | body (length bytes)      |
 * | 0x000000A5 | 165 bytes                |
 * +------------+--------------------------+
 * </pre>
 *
 * A declared length over the limit fails at once, before any of the body is read or buffered; the
 * link is then closed and everything after is discarded. Frames are emitted without the length.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    static final int LENGTH_FIELD = 4;

    private final int maxFrameBytes;
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_FIELD) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > maxFrameBytes) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new ProtocolException("frame length must be ≤ " + maxFrameBytes + ": " + length);
        }
        if (in.readableBytes() < LENGTH_FIELD + length) {
            return;
        }
        in.skipBytes(LENGTH_FIELD);
        out.add(in.readRetainedSlice((int) length));
    }
}
