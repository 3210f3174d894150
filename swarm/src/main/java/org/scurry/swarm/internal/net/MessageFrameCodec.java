package org.scurry.swarm.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.internal.crypto.ChaChaPoly;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link Message}s into frame plaintexts and back with {@link MessageCodec}.
 *
 * <p>Inbound, each decoded message is passed on; an entry that did not decode is passed on as its
 * {@link InvalidEntryException} just before the message it came in. Outbound, a list message
 * (Entries, Clock, Peers, Ranges, Receipts) too large for one frame is split into several, in order; any other
 * message that cannot fit is dropped with a log line (it cannot happen with the default limit).
 */
public final class MessageFrameCodec {
    private static final Logger LOG = LoggerFactory.getLogger(MessageFrameCodec.class);

    private MessageFrameCodec() {}

    /** The largest message plaintext a frame of {@code maxFrameBytes} can carry. */
    static int maxPlaintext(int maxFrameBytes) {
        return maxFrameBytes - ChaChaPoly.TAG_LENGTH;
    }

    public static final class Decoder extends io.netty.handler.codec.MessageToMessageDecoder<ByteBuf> {
        private final int version;

        /** Decodes as a node speaking protocol {@code version} (later types become {@code Unknown}). */
        public Decoder(int version) {
            this.version = version;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
            List<InvalidEntryException> invalid = new ArrayList<>(0);
            Message m = MessageCodec.decode(frame, version, invalid::add);
            out.addAll(invalid);
            out.add(m);
        }
    }

    static final class Encoder extends ChannelOutboundHandlerAdapter {
        private final int maxPlaintext;

        Encoder(int maxFrameBytes) {
            this.maxPlaintext = maxPlaintext(maxFrameBytes);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof Message message)) {
                ctx.write(msg, promise);
                return;
            }
            List<Message> parts = new ArrayList<>(1);
            split(message, parts);
            if (parts.isEmpty()) {
                promise.trySuccess();
                return;
            }
            for (int i = 0; i < parts.size(); i++) {
                Message part = parts.get(i);
                ByteBuf buf = ctx.alloc().heapBuffer(MessageCodec.encodedLength(part));
                try {
                    MessageCodec.encode(part, buf);
                } catch (RuntimeException e) {
                    buf.release();
                    LOG.error("dropping a message that cannot be encoded: {}", e.getMessage());
                    promise.tryFailure(e);
                    return;
                }
                ctx.write(buf, i == parts.size() - 1 ? promise : ctx.voidPromise());
            }
        }

        private void split(Message m, List<Message> out) {
            if (MessageCodec.encodedLength(m) <= maxPlaintext) {
                out.add(m);
            } else if (m instanceof Message.Entries e && e.entries().size() > 1) {
                int half = e.entries().size() / 2;
                split(new Message.Entries(e.entries().subList(0, half)), out);
                split(new Message.Entries(e.entries().subList(half, e.entries().size())), out);
            } else if (m instanceof Message.Clock c && c.notes().size() > 1) {
                int half = c.notes().size() / 2;
                split(new Message.Clock(c.notes().subList(0, half)), out);
                split(new Message.Clock(c.notes().subList(half, c.notes().size())), out);
            } else if (m instanceof Message.Peers p && p.addresses().size() > 1) {
                int half = p.addresses().size() / 2;
                split(new Message.Peers(p.addresses().subList(0, half)), out);
                split(
                        new Message.Peers(
                                p.addresses().subList(half, p.addresses().size())),
                        out);
            } else if (m instanceof Message.Ranges r && r.ranges().size() > 1) {
                int half = r.ranges().size() / 2;
                split(new Message.Ranges(r.ranges().subList(0, half)), out);
                split(new Message.Ranges(r.ranges().subList(half, r.ranges().size())), out);
            } else if (m instanceof Message.Receipts r && r.receipts().size() > 1) {
                int half = r.receipts().size() / 2;
                split(new Message.Receipts(r.receipts().subList(0, half)), out);
                split(
                        new Message.Receipts(
                                r.receipts().subList(half, r.receipts().size())),
                        out);
            } else {
                LOG.error(
                        "dropping a {} of {} bytes: a frame carries at most {}",
                        m.getClass().getSimpleName(),
                        MessageCodec.encodedLength(m),
                        maxPlaintext);
            }
        }
    }
}
