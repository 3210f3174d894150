package org.scurry.swarm.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.MessageSizeEstimator;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.MessageCodec;

/**
 * Sizes queued writes for the write-buffer water marks. Netty's default counts an unknown object as
 * 8 bytes, so a flood of {@link Message}s sent from outside the event loop would never make the
 * channel unwritable; here a message counts as its encoded length.
 */
final class WireSizeEstimator implements MessageSizeEstimator {
    static final WireSizeEstimator INSTANCE = new WireSizeEstimator();

    private static final Handle HANDLE = msg -> {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        if (msg instanceof ByteBufHolder h) {
            return h.content().readableBytes();
        }
        if (msg instanceof Message m) {
            return MessageCodec.encodedLength(m);
        }
        return 8;
    };

    private WireSizeEstimator() {}

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
