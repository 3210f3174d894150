package org.scurry.swarm.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.TunnelMessages;

/**
 * One end of a tunnel through a relay, as a Netty channel: it carries the same pipeline as a TCP
 * connection (frames, the Noise handshake, the cipher, messages, {@link NettyPeerLink}), and its
 * "socket" is the outer link to the relay. Bytes written are sent as {@link Message.TunnelData} on
 * the outer link while the tunnel's send window allows it and the outer link is writable; the rest
 * stays in the channel's outbound buffer, so the channel turns unwritable above its high-water
 * mark like a TCP one and the replication above it pauses. Bytes received are handed up the
 * pipeline while it reads and acknowledged ({@link Message.TunnelAck}) once handed, so the peer
 * never has more than {@link TunnelMessages#WINDOW} bytes on their way to us; a relay that sends
 * more gets the tunnel closed. Runs on the outer
 * link's event loop: every method but the constructor is called there.
 */
final class TunnelChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    /** Where a tunnel's channel sends and who it tells when it closes. */
    interface Outer {
        /** Sends on the outer link (never blocks). */
        void send(Message message);

        /** False while the outer link is above its high-water mark. */
        boolean writable();

        /** The channel closed (its reason is the channel's close reason, if any). */
        void closed(TunnelChannel channel);
    }

    /** The address a tunnel link reports: the relay it goes through and the node at its far end. */
    record TunnelAddress(String relayAddress, FeedId relay, FeedId far) {
        @Override
        public String toString() {
            return "relay " + relay.shortText() + " at " + relayAddress;
        }
    }

    @SuppressWarnings("serial")
    private static final class Address extends SocketAddress {
        final TunnelAddress value;

        Address(TunnelAddress value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    private final DefaultChannelConfig config = new DefaultChannelConfig(this);
    private final long tunnelId;
    private final Outer outer;
    private final Address address;
    private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
    private boolean open = true;
    private boolean readPending;
    private boolean delivering;
    /** Bytes we may still send before the far end acknowledges more. */
    private long credit = TunnelMessages.WINDOW;
    /** Bytes handed up and not yet acknowledged. */
    private long unacknowledged;
    /** Bytes received and not yet handed up (the pipeline is not reading). */
    private long waiting;

    TunnelChannel(long tunnelId, Outer outer, TunnelAddress address) {
        super(null);
        this.tunnelId = tunnelId;
        this.outer = outer;
        this.address = new Address(address);
        config.setWriteBufferWaterMark(
                new WriteBufferWaterMark(NettyTransport.WRITE_BUFFER_LOW, NettyTransport.WRITE_BUFFER_HIGH));
        config.setMessageSizeEstimator(WireSizeEstimator.INSTANCE);
    }

    long tunnelId() {
        return tunnelId;
    }

    TunnelAddress tunnelAddress() {
        return address.value;
    }

    /** Bytes the far end sent (at most the window beyond what we acknowledged). */
    void received(byte[] bytes) {
        if (!open) {
            return;
        }
        waiting += bytes.length;
        if (waiting + unacknowledged > TunnelMessages.WINDOW) {
            NettyPeerLink.closeWithReason(
                    this,
                    String.format(
                            "the relay sent %,d bytes we have not acknowledged (window %,d)",
                            waiting + unacknowledged, TunnelMessages.WINDOW));
            return;
        }
        inbound.add(Unpooled.wrappedBuffer(bytes));
        deliver();
    }

    /** The far end acknowledged {@code bytes}: send more of what waits. */
    void acknowledged(long bytes) {
        credit = Math.min(TunnelMessages.WINDOW, credit + bytes);
        resume();
    }

    /** The outer link is writable again, or more credit came: write what waits. */
    void resume() {
        if (open && isActive()) {
            unsafe().flush();
        }
    }

    private void deliver() {
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            while (open && readPending && !inbound.isEmpty()) {
                readPending = false;
                ByteBuf b;
                while ((b = inbound.poll()) != null) {
                    waiting -= b.readableBytes();
                    unacknowledged += b.readableBytes();
                    pipeline().fireChannelRead(b);
                }
                if (unacknowledged > 0) {
                    outer.send(new Message.TunnelAck(tunnelId, unacknowledged));
                    unacknowledged = 0;
                }
                pipeline().fireChannelReadComplete();
            }
        } finally {
            delivering = false;
        }
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new AbstractUnsafe() {
            @Override
            public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
                promise.setFailure(new UnsupportedOperationException("a tunnel is opened through its relay"));
            }
        };
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return address;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return address;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a tunnel is not bound");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (!open) {
            return;
        }
        open = false;
        ByteBuf b;
        while ((b = inbound.poll()) != null) {
            b.release();
        }
        outer.closed(this);
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        deliver();
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        while (true) {
            Object msg = in.current();
            if (msg == null) {
                return;
            }
            if (!(msg instanceof ByteBuf buf)) {
                in.remove(new UnsupportedOperationException("a tunnel carries bytes: " + msg.getClass()));
                continue;
            }
            if (!buf.isReadable()) {
                in.remove();
                continue;
            }
            if (credit <= 0 || !outer.writable()) {
                return; // resumed by an acknowledgement or the outer link's writability
            }
            int n = (int) Math.min(Math.min(buf.readableBytes(), credit), TunnelMessages.MAX_DATA);
            byte[] bytes = new byte[n];
            buf.getBytes(buf.readerIndex(), bytes);
            credit -= n;
            outer.send(new Message.TunnelData(tunnelId, bytes));
            in.removeBytes(n);
        }
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && isRegistered();
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }
}
