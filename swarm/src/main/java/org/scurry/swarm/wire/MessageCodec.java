package org.scurry.swarm.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.entry.EntryCodec;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.history.CustodyReceipt;
import org.scurry.swarm.history.Heartbeat;

/**
 * The byte layout of every {@link Message}: one type byte, then the fields. Integers are big-endian
 * and unsigned unless said otherwise; a string is a u16 byte length and that many bytes of UTF-8; a
 * feed id is its 32 raw key bytes; a list is a u32 count and its elements. docs/protocol.md has the
 * same tables. A message is the plaintext of one transport frame.
 *
 * <pre>
 * Hello (0x01)
 * +------+----------------+--------+-------------+------------------+----------------------------+
 * | 0x01 | listenAddress  | digest | version u16 | capabilities u64 | u16 count x extension      |
 * |  u8  | u16 len + UTF-8|  u64   |  (≥ 2)      |  (bitset)        | tag u16, u16 len + bytes   |
 * +------+----------------+--------+-------------+------------------+----------------------------+
 *   digest: of the remembered clock (0 = none remembered). A version-1 Hello ends after digest.
 *   Extensions: future Hello fields; a receiver skips the tags it does not know.
 *
 * Clock (0x02)
 * +------+-------+-----------------------------+
 * | 0x02 | count | count x note                |
 * |  u8  |  u32  | feed(32) seq(i64) flags(u8) |
 * +------+-------+-----------------------------+
 *   seq: -1 withdraws interest, else ≥ 0; flags: bit 0 = receive, other bits 0
 *
 * Entries (0x03)                      Peers (0x04)
 * +------+-------+------------------+ +------+-------+---------------------------+
 * | 0x03 | count | count x          | | 0x04 | count | count x address           |
 * |  u8  |  u32  | len(u32) + entry | |  u8  |  u32  | u16 len + UTF-8 host:port |
 * +------+-------+------------------+ +------+-------+---------------------------+
 *   entry: the encoding of docs/entry-format.md
 *
 * RangeRequest (0x05)                         Ping (0x06)
 * +------+----------+-------------+---------+ +------+
 * | 0x05 | feed(32) | fromSeq u64 | toSeq u64| | 0x06 |
 * +------+----------+-------------+---------+ +------+
 *
 * ChunkRequest (0x07)
 * +------+---------------+----------+-------------+-----------+
 * | 0x07 | requestId u64 | feed(32) | fromSeq u64 | toSeq u64 |
 * +------+---------------+----------+-------------+-----------+
 * Chunk (0x08)
 * +------+---------------+----------+---------+----------+-------+------------------+
 * | 0x08 | requestId u64 | feed(32) | low u64 | head u64 | count | len(u32) + entry |
 * +------+---------------+----------+---------+----------+-------+------------------+
 * Ranges (0x09)
 * +------+-------+-------------------------------------+
 * | 0x09 | count | count x feed(32) low u64 head u64   |
 * +------+-------+-------------------------------------+
 * Beat (0x0a)
 * +------+---------------+---------------+------------------------------+
 * | 0x0a | timestamp u64 | signature(64) | len(u32) + announcement entry|
 * +------+---------------+---------------+------------------------------+
 * Receipts (0x0b)
 * +------+-------+---------------------------------------------------------------------+
 * | 0x0b | count | count x server(32) feed(32) seq u64 entry(32) ts u64 signature(64)  |
 * +------+-------+---------------------------------------------------------------------+
 * Hints (0x0c)
 * +------+-------+----------------------------------------------------+
 * | 0x0c | count | count x requester(32) owner(32) seq u64 ttl(u8)    |
 * +------+-------+----------------------------------------------------+
 *   seq: ≥ 1, the requester's head; ttl: 0..3 (how many more times it may be passed on)
 * Limits (0x0d, version 2)
 * +------+------------------------+--------------------+-----------------+
 * | 0x0d | maxPendingRequests u32 | maxQueuedBytes u32 | stallMillis u32 |
 * +------+------------------------+--------------------+-----------------+
 * </pre>
 *
 * Sequence numbers must fit a signed 64-bit long (≥ 0). Bytes after the last field, a truncated
 * field, invalid UTF-8 or a flag out of range make the message fail with a {@link
 * ProtocolException} naming the bad value; the link is then closed. A type the receiver's protocol
 * version does not know ({@link Protocol#introducedIn}) decodes as {@link Message.Unknown}: the
 * receiver ignores it (docs/protocol.md §3, "Versions").
 *
 * <p><b>Entries are decoded leniently.</b> An entry whose bytes do not follow the entry layout is
 * not a reason to lose its well-formed neighbours: it is reported to the {@code onInvalidEntry}
 * callback (the link passes it to {@code PeerLink.Handler#onInvalidEntry}, which scores the peer
 * down) and left out of the delivered {@link Message.Entries}. The framing around it (its length
 * prefix) must still be sound, or the whole message fails.
 *
 * <p>Why it is long: every message's layout is drawn and coded here, next to the others, so that a
 * change to the wire is made and reviewed in one place (docs/protocol.md repeats the tables); each
 * message is a pair of small encode and decode methods.
 */
public final class MessageCodec {
    public static final byte HELLO = 0x01;
    public static final byte CLOCK = 0x02;
    public static final byte ENTRIES = 0x03;
    public static final byte PEERS = 0x04;
    public static final byte RANGE_REQUEST = 0x05;
    public static final byte PING = 0x06;
    public static final byte CHUNK_REQUEST = 0x07;
    public static final byte CHUNK = 0x08;
    public static final byte RANGES = 0x09;
    public static final byte BEAT = 0x0a;
    public static final byte RECEIPTS = 0x0b;
    public static final byte HINTS = 0x0c;
    public static final byte LIMITS = 0x0d;
    /** Types {@code 0x0e}–{@code 0x12} (version 3): relays and tunnels, coded in {@link TunnelMessages}. */
    public static final byte REACHABLE = TunnelMessages.REACHABLE;

    public static final byte TUNNEL_CLOSE = TunnelMessages.TUNNEL_CLOSE;

    /** Largest value of an unsigned 32-bit field. */
    public static final long U32 = 0xffff_ffffL;

    /** The most times a request hint may be passed on (docs/protected.md). */
    public static final int MAX_HINT_TTL = 3;

    static final int FEED_LENGTH = 32;
    static final int NOTE_LENGTH = FEED_LENGTH + 8 + 1;
    static final int RANGE_LENGTH = FEED_LENGTH + 8 + 8;
    static final int HINT_LENGTH = FEED_LENGTH + FEED_LENGTH + 8 + 1;
    static final int MAX_STRING_BYTES = 0xffff;
    /** Version, capabilities and the extension count that a version-2 Hello adds. */
    static final int HELLO_V2_TAIL = 2 + 8 + 2;
    /** An extension's tag and length. */
    static final int EXTENSION_HEADER = 2 + 2;

    /**
     * Hello extension: the address the sender sees the receiver's link come from (UTF-8 {@code
     * host:port}, at most {@link #MAX_OBSERVED_ADDRESS} bytes). One that is not valid UTF-8, longer,
     * or repeated is skipped like an unknown extension.
     */
    public static final int EXT_OBSERVED_ADDRESS = 0x0001;

    static final int MAX_OBSERVED_ADDRESS = 255;

    private MessageCodec() {}

    /** The exact number of bytes {@link #encode(Message, ByteBuf)} writes. */
    public static int encodedLength(Message message) {
        if (message instanceof Message.Hello h) {
            return 1
                    + 2
                    + utf8Length(h.listenAddress())
                    + 8
                    + (h.version() >= 2 ? HELLO_V2_TAIL : 0)
                    + (h.observedAddress().isEmpty() ? 0 : EXTENSION_HEADER + utf8Length(h.observedAddress()));
        } else if (message instanceof Message.Clock c) {
            return 1 + 4 + c.notes().size() * NOTE_LENGTH;
        } else if (message instanceof Message.Entries e) {
            int n = 1 + 4;
            for (Entry entry : e.entries()) {
                n += 4 + entry.encodedLength();
            }
            return n;
        } else if (message instanceof Message.Peers p) {
            int n = 1 + 4;
            for (String a : p.addresses()) {
                n += 2 + utf8Length(a);
            }
            return n;
        } else if (message instanceof Message.RangeRequest) {
            return 1 + FEED_LENGTH + 8 + 8;
        } else if (message instanceof Message.ChunkRequest) {
            return 1 + 8 + FEED_LENGTH + 8 + 8;
        } else if (message instanceof Message.Chunk c) {
            int n = 1 + 8 + FEED_LENGTH + 8 + 8 + 4;
            for (Entry entry : c.entries()) {
                n += 4 + entry.encodedLength();
            }
            return n;
        } else if (message instanceof Message.Ranges r) {
            return 1 + 4 + r.ranges().size() * RANGE_LENGTH;
        } else if (message instanceof Message.Beat b) {
            return 1
                    + 8
                    + Heartbeat.SIGNATURE_LENGTH
                    + 4
                    + b.heartbeat().announcement().encodedLength();
        } else if (message instanceof Message.Receipts r) {
            return 1 + 4 + r.receipts().size() * CustodyReceipt.WIRE_LENGTH;
        } else if (message instanceof Message.Hints h) {
            return 1 + 4 + h.hints().size() * HINT_LENGTH;
        } else if (message instanceof Message.Limits) {
            return 1 + 4 + 4 + 4;
        } else if (TunnelMessages.isTunnelMessage(message)) {
            return TunnelMessages.encodedLength(message);
        } else if (message instanceof Message.Unknown u) {
            return 1 + u.length();
        } else {
            return 1; // Ping
        }
    }

    public static byte[] encode(Message message) {
        ByteBuf buf = Unpooled.buffer(encodedLength(message));
        encode(message, buf);
        return ByteBufUtil.getBytes(buf);
    }

    /**
     * Writes {@code message} to {@code out}. Throws {@link IllegalArgumentException} for a value the
     * layout cannot carry (a string over 65535 bytes, a negative sequence).
     */
    public static void encode(Message message, ByteBuf out) {
        if (message instanceof Message.Hello h) {
            out.writeByte(HELLO);
            writeString(out, h.listenAddress());
            out.writeLong(h.clockDigest());
            if (h.version() >= 2) {
                out.writeShort(h.version());
                out.writeLong(h.capabilities());
                if (h.observedAddress().isEmpty()) {
                    out.writeShort(0);
                } else {
                    byte[] observed = h.observedAddress().getBytes(StandardCharsets.UTF_8);
                    if (observed.length > MAX_OBSERVED_ADDRESS) {
                        throw new IllegalArgumentException(
                                "observed address must be ≤ " + MAX_OBSERVED_ADDRESS + " bytes: " + observed.length);
                    }
                    out.writeShort(1);
                    out.writeShort(EXT_OBSERVED_ADDRESS);
                    out.writeShort(observed.length);
                    out.writeBytes(observed);
                }
            }
        } else if (message instanceof Message.Clock c) {
            out.writeByte(CLOCK);
            out.writeInt(c.notes().size());
            for (Message.Note note : c.notes()) {
                out.writeBytes(note.feed().toBytes());
                out.writeLong(checkNoteSeq(note.seq()));
                out.writeByte(note.receive() ? 1 : 0);
            }
        } else if (message instanceof Message.Entries e) {
            out.writeByte(ENTRIES);
            out.writeInt(e.entries().size());
            for (Entry entry : e.entries()) {
                out.writeInt(entry.encodedLength());
                out.writeBytes(entry.encodedUnsafe());
            }
        } else if (message instanceof Message.Peers p) {
            out.writeByte(PEERS);
            out.writeInt(p.addresses().size());
            for (String a : p.addresses()) {
                writeString(out, a);
            }
        } else if (message instanceof Message.RangeRequest r) {
            out.writeByte(RANGE_REQUEST);
            out.writeBytes(r.feed().toBytes());
            out.writeLong(checkSeq(r.fromSeq()));
            out.writeLong(checkSeq(r.toSeq()));
        } else if (message instanceof Message.Ping) {
            out.writeByte(PING);
        } else if (message instanceof Message.ChunkRequest r) {
            out.writeByte(CHUNK_REQUEST);
            out.writeLong(r.requestId());
            out.writeBytes(r.feed().toBytes());
            out.writeLong(checkSeq(r.fromSeq()));
            out.writeLong(checkSeq(r.toSeq()));
        } else if (message instanceof Message.Chunk c) {
            out.writeByte(CHUNK);
            out.writeLong(c.requestId());
            out.writeBytes(c.feed().toBytes());
            out.writeLong(checkSeq(c.low()));
            out.writeLong(checkSeq(c.head()));
            out.writeInt(c.entries().size());
            for (Entry entry : c.entries()) {
                out.writeInt(entry.encodedLength());
                out.writeBytes(entry.encodedUnsafe());
            }
        } else if (message instanceof Message.Ranges r) {
            out.writeByte(RANGES);
            out.writeInt(r.ranges().size());
            for (Message.Range range : r.ranges()) {
                out.writeBytes(range.feed().toBytes());
                out.writeLong(checkSeq(range.low()));
                out.writeLong(checkSeq(range.head()));
            }
        } else if (message instanceof Message.Beat b) {
            Heartbeat h = b.heartbeat();
            out.writeByte(BEAT);
            out.writeLong(checkSeq(h.timestamp()));
            out.writeBytes(h.signature());
            out.writeInt(h.announcement().encodedLength());
            out.writeBytes(h.announcement().encodedUnsafe());
        } else if (message instanceof Message.Receipts r) {
            out.writeByte(RECEIPTS);
            out.writeInt(r.receipts().size());
            for (CustodyReceipt c : r.receipts()) {
                out.writeBytes(c.server().toBytes());
                out.writeBytes(c.feed().toBytes());
                out.writeLong(checkSeq(c.seq()));
                out.writeBytes(c.entry().toBytes());
                out.writeLong(checkSeq(c.timestamp()));
                out.writeBytes(c.signature());
            }
        } else if (message instanceof Message.Hints h) {
            out.writeByte(HINTS);
            out.writeInt(h.hints().size());
            for (Message.Hint hint : h.hints()) {
                if (hint.ttl() < 0 || hint.ttl() > MAX_HINT_TTL) {
                    throw new IllegalArgumentException("hint ttl must be 0.." + MAX_HINT_TTL + ": " + hint.ttl());
                }
                out.writeBytes(hint.requester().toBytes());
                out.writeBytes(hint.owner().toBytes());
                if (hint.seq() < 1) {
                    throw new IllegalArgumentException("hint seq must be ≥ 1: " + hint.seq());
                }
                out.writeLong(hint.seq());
                out.writeByte(hint.ttl());
            }
        } else if (message instanceof Message.Limits l) {
            out.writeByte(LIMITS);
            out.writeInt((int) l.maxPendingRequests());
            out.writeInt((int) l.maxQueuedBytes());
            out.writeInt((int) l.stallMillis());
        } else if (TunnelMessages.isTunnelMessage(message)) {
            TunnelMessages.encode(message, out);
        } else {
            throw new IllegalArgumentException("unknown message: " + message);
        }
    }

    /** Decodes strictly: an entry that does not decode fails the whole message. */
    public static Message decode(byte[] bytes) {
        return decode(Unpooled.wrappedBuffer(bytes), invalid -> {
            throw new ProtocolException("entry in message does not decode: " + invalid.getMessage(), invalid);
        });
    }

    /** As {@link #decode(ByteBuf, int, Consumer)} for this build's {@link Protocol#VERSION}. */
    public static Message decode(ByteBuf in, Consumer<InvalidEntryException> onInvalidEntry) {
        return decode(in, Protocol.VERSION, onInvalidEntry);
    }

    /**
     * Decodes one message that fills {@code in} from its reader index to its writer index, as a
     * receiver speaking protocol {@code version} reads it: a type introduced in a later version (or
     * in none this build knows) becomes {@link Message.Unknown}. Malformed entries go to {@code
     * onInvalidEntry} and are left out (see the class comment); anything else malformed throws
     * {@link ProtocolException}.
     */
    public static Message decode(ByteBuf in, int version, Consumer<InvalidEntryException> onInvalidEntry) {
        if (!in.isReadable()) {
            throw new ProtocolException("empty message: a message has at least a type byte");
        }
        byte type = in.readByte();
        if (Protocol.introducedIn(type & 0xff) > version) {
            int length = in.readableBytes();
            in.skipBytes(length);
            return new Message.Unknown(type & 0xff, length);
        }
        Message m;
        try {
            m = switch (type) {
                case HELLO -> readHello(in);
                case CLOCK -> readClock(in);
                case ENTRIES -> readEntries(in, onInvalidEntry);
                case PEERS -> readPeers(in);
                case RANGE_REQUEST -> new Message.RangeRequest(
                        readFeed(in), readSeq(in, "fromSeq"), readSeq(in, "toSeq"));
                case PING -> new Message.Ping();
                case CHUNK_REQUEST -> new Message.ChunkRequest(
                        in.readLong(), readFeed(in), readSeq(in, "fromSeq"), readSeq(in, "toSeq"));
                case CHUNK -> readChunk(in, onInvalidEntry);
                case RANGES -> readRanges(in);
                case BEAT -> readBeat(in);
                case RECEIPTS -> readReceipts(in);
                case HINTS -> readHints(in);
                case LIMITS -> new Message.Limits(in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedInt());
                case TunnelMessages.REACHABLE,
                        TunnelMessages.TUNNEL_OPEN,
                        TunnelMessages.TUNNEL_DATA,
                        TunnelMessages.TUNNEL_ACK,
                        TunnelMessages.TUNNEL_CLOSE -> TunnelMessages.decode(type, in);
                default -> throw new IllegalStateException(String.format("type 0x%02x has no decoder", type));
            };
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException(
                    String.format("message of type 0x%02x truncated at %d bytes", type, in.writerIndex()));
        }
        if (in.isReadable()) {
            throw new ProtocolException(
                    String.format("%d trailing bytes after a message of type 0x%02x", in.readableBytes(), type));
        }
        return m;
    }

    /**
     * A version-1 Hello ends after the digest; from version 2 on it carries version, capabilities
     * and extensions, which are skipped (each length-prefixed) since none is defined yet.
     */
    private static Message.Hello readHello(ByteBuf in) {
        String address = readString(in, "listen address");
        long digest = in.readLong();
        if (!in.isReadable()) {
            return new Message.Hello(address, digest, 1, 0);
        }
        int version = in.readUnsignedShort();
        if (version < 2) {
            throw new ProtocolException("a Hello with a version field must say version ≥ 2: " + version);
        }
        long capabilities = in.readLong();
        int extensions = in.readUnsignedShort();
        String observed = "";
        for (int i = 0; i < extensions; i++) {
            int tag = in.readUnsignedShort();
            int length = in.readUnsignedShort();
            if (length > in.readableBytes()) {
                throw new ProtocolException(String.format(
                        "Hello extension 0x%04x length must be ≤ the %d bytes left in the message: %d",
                        tag, in.readableBytes(), length));
            }
            if (tag == EXT_OBSERVED_ADDRESS && observed.isEmpty() && length <= MAX_OBSERVED_ADDRESS) {
                observed = utf8OrEmpty(in, length);
            }
            in.skipBytes(length); // skip what a newer peer sent (and what was read above)
        }
        return new Message.Hello(address, digest, version, capabilities, observed);
    }

    private static Message.Clock readClock(ByteBuf in) {
        int count = readCount(in, NOTE_LENGTH, "clock note");
        List<Message.Note> notes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            FeedId feed = readFeed(in);
            long seq = in.readLong();
            if (seq < -1) {
                throw new ProtocolException("clock seq must be -1 or ≥ 0: " + seq);
            }
            int flags = in.readUnsignedByte();
            if ((flags & ~1) != 0) {
                throw new ProtocolException(String.format("clock note flags must be 0x00 or 0x01: 0x%02x", flags));
            }
            notes.add(new Message.Note(feed, seq, flags == 1));
        }
        return new Message.Clock(List.copyOf(notes));
    }

    private static Message.Entries readEntries(ByteBuf in, Consumer<InvalidEntryException> onInvalidEntry) {
        int count = readCount(in, 4, "entry");
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long length = in.readUnsignedInt();
            if (length > in.readableBytes()) {
                throw new ProtocolException(
                        "entry length must be ≤ the " + in.readableBytes() + " bytes left in the message: " + length);
            }
            byte[] bytes = new byte[(int) length];
            in.readBytes(bytes);
            try {
                entries.add(EntryCodec.decode(bytes));
            } catch (InvalidEntryException e) {
                onInvalidEntry.accept(e);
            }
        }
        return new Message.Entries(List.copyOf(entries));
    }

    private static Message.Chunk readChunk(ByteBuf in, Consumer<InvalidEntryException> onInvalidEntry) {
        long id = in.readLong();
        FeedId feed = readFeed(in);
        long low = readSeq(in, "low");
        long head = readSeq(in, "head");
        return new Message.Chunk(
                id, feed, low, head, readEntries(in, onInvalidEntry).entries());
    }

    private static Message.Ranges readRanges(ByteBuf in) {
        int count = readCount(in, RANGE_LENGTH, "range");
        List<Message.Range> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            FeedId feed = readFeed(in);
            long low = readSeq(in, "low");
            long head = readSeq(in, "head");
            if (low > head) {
                throw new ProtocolException("range low must be ≤ head " + head + ": " + low);
            }
            ranges.add(new Message.Range(feed, low, head));
        }
        return new Message.Ranges(List.copyOf(ranges));
    }

    private static Message.Beat readBeat(ByteBuf in) {
        long timestamp = readSeq(in, "heartbeat timestamp");
        byte[] signature = new byte[Heartbeat.SIGNATURE_LENGTH];
        in.readBytes(signature);
        long length = in.readUnsignedInt();
        if (length > in.readableBytes()) {
            throw new ProtocolException("announcement length must be ≤ the " + in.readableBytes()
                    + " bytes left in the message: " + length);
        }
        byte[] bytes = new byte[(int) length];
        in.readBytes(bytes);
        try {
            return new Message.Beat(new Heartbeat(EntryCodec.decode(bytes), timestamp, signature));
        } catch (InvalidEntryException e) {
            throw new ProtocolException("heartbeat announcement does not decode: " + e.getMessage(), e);
        }
    }

    private static Message.Receipts readReceipts(ByteBuf in) {
        int count = readCount(in, CustodyReceipt.WIRE_LENGTH, "receipt");
        List<CustodyReceipt> receipts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            FeedId server = readFeed(in);
            FeedId feed = readFeed(in);
            long seq = readSeq(in, "receipt seq");
            if (seq < 1) {
                throw new ProtocolException("receipt seq must be ≥ 1: " + seq);
            }
            byte[] id = new byte[32];
            in.readBytes(id);
            long ts = readSeq(in, "receipt timestamp");
            byte[] signature = new byte[64];
            in.readBytes(signature);
            receipts.add(new CustodyReceipt(server, feed, seq, EntryId.ofBytes(id), ts, signature));
        }
        return new Message.Receipts(List.copyOf(receipts));
    }

    private static Message.Hints readHints(ByteBuf in) {
        int count = readCount(in, HINT_LENGTH, "hint");
        List<Message.Hint> hints = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            FeedId requester = readFeed(in);
            FeedId owner = readFeed(in);
            long seq = readSeq(in, "hint seq");
            if (seq < 1) {
                throw new ProtocolException("hint seq must be ≥ 1: " + seq);
            }
            int ttl = in.readUnsignedByte();
            if (ttl > MAX_HINT_TTL) {
                throw new ProtocolException("hint ttl must be ≤ " + MAX_HINT_TTL + ": " + ttl);
            }
            hints.add(new Message.Hint(requester, owner, seq, ttl));
        }
        return new Message.Hints(List.copyOf(hints));
    }

    private static Message.Peers readPeers(ByteBuf in) {
        int count = readCount(in, 2, "peer address");
        List<String> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(readString(in, "peer address"));
        }
        return new Message.Peers(List.copyOf(addresses));
    }

    /** Reads a u32 count and checks that the bytes left can hold that many elements. */
    private static int readCount(ByteBuf in, int minElementBytes, String what) {
        long count = in.readUnsignedInt();
        long room = in.readableBytes() / minElementBytes;
        if (count > room) {
            throw new ProtocolException(
                    what + " count must be ≤ " + room + " (what " + in.readableBytes() + " bytes can hold): " + count);
        }
        return (int) count;
    }

    static FeedId readFeed(ByteBuf in) {
        byte[] key = new byte[FEED_LENGTH];
        in.readBytes(key);
        return FeedId.ofBytes(key);
    }

    private static long readSeq(ByteBuf in, String what) {
        long seq = in.readLong();
        if (seq < 0) {
            throw new ProtocolException(what + " must be ≤ " + Long.MAX_VALUE + ": " + Long.toUnsignedString(seq));
        }
        return seq;
    }

    static String readString(ByteBuf in, String what) {
        int length = in.readUnsignedShort();
        if (length > in.readableBytes()) {
            throw new ProtocolException(
                    what + " length must be ≤ the " + in.readableBytes() + " bytes left in the message: " + length);
        }
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), length);
        in.skipBytes(length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(what + " is not valid UTF-8: "
                    + ByteBufUtil.hexDump(in, in.readerIndex() - length, Math.min(length, 64)));
        }
    }

    /** The {@code length} bytes at the reader index as UTF-8, or "" if they are not valid UTF-8. */
    private static String utf8OrEmpty(ByteBuf in, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in.nioBuffer(in.readerIndex(), length))
                    .toString();
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    static void writeString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("string must be ≤ 65535 UTF-8 bytes: " + bytes.length);
        }
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    private static long checkNoteSeq(long seq) {
        if (seq < -1) {
            throw new IllegalArgumentException("note seq must be -1 or ≥ 0: " + seq);
        }
        return seq;
    }

    private static long checkSeq(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be ≥ 0: " + seq);
        }
        return seq;
    }

    private static int utf8Length(String s) {
        return ByteBufUtil.utf8Bytes(s);
    }
}
