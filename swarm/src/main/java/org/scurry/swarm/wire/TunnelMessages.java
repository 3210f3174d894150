package org.scurry.swarm.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.FeedId;

/**
 * The byte layout of the relay and tunnel messages of protocol version 3 (docs/protocol.md §3 and
 * docs/reach.md). {@link MessageCodec} hands them here after their type byte.
 *
 * <pre>
 * Reachable (0x0e)                         TunnelOpen (0x0f)
 * +------+-----------+-------------------+ +------+--------------+----------+
 * | 0x0e | count u32 | count x node (32) | | 0x0f | tunnelId u32 | node(32) |
 * +------+-----------+-------------------+ +------+--------------+----------+
 *   count ≤ 256
 * TunnelData (0x10)                        TunnelAck (0x11)
 * +------+--------------+----------------+ +------+--------------+-----------+
 * | 0x10 | tunnelId u32 | 1..65536 bytes | | 0x11 | tunnelId u32 | bytes u32 |
 * +------+--------------+----------------+ +------+--------------+-----------+
 *   the bytes run to the end of the message   1 ≤ bytes ≤ 262144
 * TunnelClose (0x12)
 * +------+--------------+---------------------------------+
 * | 0x12 | tunnelId u32 | reason: u16 len + UTF-8 (≤ 512) |
 * +------+--------------+---------------------------------+
 * </pre>
 *
 * A tunnel id is 1..2^32−1 (0 is refused). Values out of range fail the message with a {@link
 * ProtocolException} naming them, like every other decoding failure.
 */
public final class TunnelMessages {
    static final byte REACHABLE = 0x0e;
    static final byte TUNNEL_OPEN = 0x0f;
    static final byte TUNNEL_DATA = 0x10;
    static final byte TUNNEL_ACK = 0x11;
    static final byte TUNNEL_CLOSE = 0x12;

    /** Most nodes one {@link Message.Reachable} names. */
    public static final int MAX_REACHABLE = 256;

    /** Most bytes one {@link Message.TunnelData} carries. */
    public static final int MAX_DATA = 64 * 1024;

    /** Bytes one direction of a tunnel may have sent and not yet acknowledged. */
    public static final int WINDOW = 256 * 1024;

    /** Longest close reason, in UTF-8 bytes (a longer one is cut when sent, refused when read). */
    public static final int MAX_REASON = 512;

    private TunnelMessages() {}

    static void checkId(long tunnelId) {
        if (tunnelId < 1 || tunnelId > MessageCodec.U32) {
            throw new IllegalArgumentException("tunnel id must be 1.." + MessageCodec.U32 + ": " + tunnelId);
        }
    }

    static boolean isTunnelMessage(Message m) {
        return m instanceof Message.Reachable
                || m instanceof Message.TunnelOpen
                || m instanceof Message.TunnelData
                || m instanceof Message.TunnelAck
                || m instanceof Message.TunnelClose;
    }

    static int encodedLength(Message m) {
        if (m instanceof Message.Reachable r) {
            return 1 + 4 + r.nodes().size() * MessageCodec.FEED_LENGTH;
        } else if (m instanceof Message.TunnelOpen) {
            return 1 + 4 + MessageCodec.FEED_LENGTH;
        } else if (m instanceof Message.TunnelData d) {
            return 1 + 4 + d.bytes().length;
        } else if (m instanceof Message.TunnelAck) {
            return 1 + 4 + 4;
        } else {
            return 1 + 4 + 2 + reasonBytes(((Message.TunnelClose) m).reason()).length;
        }
    }

    static void encode(Message m, ByteBuf out) {
        if (m instanceof Message.Reachable r) {
            out.writeByte(REACHABLE);
            out.writeInt(r.nodes().size());
            r.nodes().forEach(n -> out.writeBytes(n.toBytes()));
        } else if (m instanceof Message.TunnelOpen o) {
            out.writeByte(TUNNEL_OPEN);
            out.writeInt((int) o.tunnelId());
            out.writeBytes(o.node().toBytes());
        } else if (m instanceof Message.TunnelData d) {
            out.writeByte(TUNNEL_DATA);
            out.writeInt((int) d.tunnelId());
            out.writeBytes(d.bytes());
        } else if (m instanceof Message.TunnelAck a) {
            out.writeByte(TUNNEL_ACK);
            out.writeInt((int) a.tunnelId());
            out.writeInt((int) a.bytes());
        } else {
            Message.TunnelClose c = (Message.TunnelClose) m;
            out.writeByte(TUNNEL_CLOSE);
            out.writeInt((int) c.tunnelId());
            byte[] reason = reasonBytes(c.reason());
            out.writeShort(reason.length);
            out.writeBytes(reason);
        }
    }

    /** Decodes the fields after the type byte; the caller checks for trailing bytes. */
    static Message decode(byte type, ByteBuf in) {
        switch (type) {
            case REACHABLE -> {
                long count = in.readUnsignedInt();
                if (count > MAX_REACHABLE) {
                    throw new ProtocolException("Reachable names at most " + MAX_REACHABLE + " nodes: " + count);
                }
                if (count * MessageCodec.FEED_LENGTH != in.readableBytes()) {
                    throw new ProtocolException("Reachable of " + count + " nodes must hold "
                            + count * MessageCodec.FEED_LENGTH + " bytes of ids: " + in.readableBytes());
                }
                List<FeedId> nodes = new ArrayList<>((int) count);
                for (int i = 0; i < count; i++) {
                    nodes.add(MessageCodec.readFeed(in));
                }
                return new Message.Reachable(nodes);
            }
            case TUNNEL_OPEN -> {
                return new Message.TunnelOpen(readId(in), MessageCodec.readFeed(in));
            }
            case TUNNEL_DATA -> {
                long id = readId(in);
                int n = in.readableBytes();
                if (n < 1 || n > MAX_DATA) {
                    throw new ProtocolException("tunnel data must be 1.." + MAX_DATA + " bytes: " + n);
                }
                byte[] bytes = new byte[n];
                in.readBytes(bytes);
                return new Message.TunnelData(id, bytes);
            }
            case TUNNEL_ACK -> {
                long id = readId(in);
                long bytes = in.readUnsignedInt();
                if (bytes < 1 || bytes > WINDOW) {
                    throw new ProtocolException("tunnel ack must be 1.." + WINDOW + " bytes: " + bytes);
                }
                return new Message.TunnelAck(id, bytes);
            }
            default -> {
                long id = readId(in);
                int length = in.getUnsignedShort(in.readerIndex());
                if (length > MAX_REASON) {
                    throw new ProtocolException("tunnel close reason must be ≤ " + MAX_REASON + " bytes: " + length);
                }
                return new Message.TunnelClose(id, MessageCodec.readString(in, "tunnel close reason"));
            }
        }
    }

    private static long readId(ByteBuf in) {
        long id = in.readUnsignedInt();
        if (id == 0) {
            throw new ProtocolException("tunnel id must be 1.." + MessageCodec.U32 + ": 0");
        }
        return id;
    }

    /** The reason's UTF-8 bytes, cut to {@link #MAX_REASON} on a character boundary. */
    private static byte[] reasonBytes(String reason) {
        String r = reason;
        byte[] bytes = r.getBytes(StandardCharsets.UTF_8);
        while (bytes.length > MAX_REASON) {
            r = r.substring(0, r.length() - Math.max(1, (bytes.length - MAX_REASON) / 4));
            bytes = r.getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
