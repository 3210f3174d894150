package org.scurry.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.entry.EntryCodec;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.history.CustodyReceipt;
import org.scurry.swarm.history.Heartbeat;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.internal.net.CipherCodec;
import org.scurry.swarm.internal.net.FrameDecoder;
import org.scurry.swarm.internal.net.Handshake;
import org.scurry.swarm.internal.net.HandshakeException;
import org.scurry.swarm.internal.net.MessageFrameCodec;
import org.scurry.swarm.internal.net.noise.CipherState;
import org.scurry.swarm.internal.net.noise.XXpsk0Handshake;
import org.scurry.swarm.internal.store.H2Store;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.MessageCodec;
import org.scurry.swarm.wire.Protocol;
import org.scurry.swarm.wire.ProtocolException;

/**
 * A seeded fuzzer of everything a peer's bytes reach before they are trusted (issue 14): the
 * message decoder ({@link MessageCodec}), the receiving pipeline (frames, ChaCha20-Poly1305,
 * messages: {@link FrameDecoder}, {@link CipherCodec}, {@link MessageFrameCodec} on an {@link
 * EmbeddedChannel}), the handshake's first two messages, and entries: {@link EntryCodec}, {@link
 * EntryValidator} and a real H2 store. Inputs are valid encodings from a corpus (every message
 * type, entries of several kinds and authors, a fork), mutated by bit flips, interesting bytes,
 * length fields overwritten, truncation, extension, deleted and duplicated ranges and splices of
 * two inputs, and plain random bytes. The same seed gives the same inputs.
 *
 * <p>A <b>crash</b> is anything but the declared refusal: {@link ProtocolException} (its {@link
 * HandshakeException} included) from the wire, {@link InvalidEntryException} from entries, an
 * {@link AppendResult} from the store; a decoded message that does not survive encoding and
 * decoding again; an entry that validates but is not one of the corpus's (a forgery). After a run
 * {@link #checkStore} proves nothing invalid was stored: every feed a contiguous chain of valid
 * corpus entries.
 *
 * <p>Why it is long: it builds a corpus of every message type, holds a dozen mutators and drives
 * four targets (the decoder, the receiving pipeline, the handshake, entries into a store), each
 * with its own idea of a crash; one class, so that one seed makes one reproducible run.
 */
public final class WireFuzzer implements AutoCloseable {
    private static final int AUTHORS = 4;
    private static final int ENTRIES_PER_AUTHOR = 40;
    private static final int MAX_SAMPLES = 10;
    private static final long[] INTERESTING = {
        0,
        1,
        2,
        0x7f,
        0x80,
        0xff,
        0x100,
        0x7fff,
        0x8000,
        0xffff,
        0x1_0000,
        0x7fff_ffffL,
        0x8000_0000L,
        0xffff_ffffL,
        1L << 20,
        (1L << 20) + 1,
        Long.MAX_VALUE,
        -1L,
        Long.MIN_VALUE
    };

    /** Inputs tried, crashes and what each target did; {@code seconds} of wall time. */
    public record Report(
            long inputs, long crashes, List<String> crashSamples, Map<String, Long> counts, double seconds) {
        public double inputsPerSecond() {
            return inputs / seconds;
        }

        public long count(String key) {
            return counts.getOrDefault(key, 0L);
        }
    }

    private final SplittableRandom rng;
    private final Store store;
    private final EntryValidator validator = new EntryValidator();
    private final List<Entry> entries = new ArrayList<>();
    private final List<List<Entry>> chains = new ArrayList<>();
    private final Set<EntryId> corpusIds = new HashSet<>();
    /** Corpus entries offered to the store at least once. */
    private final Set<EntryId> offered = new HashSet<>();

    private final List<byte[]> messages = new ArrayList<>();
    private final byte[] key = new byte[32];
    private final byte[] handshake1;
    private final byte[] handshake2;
    private final Ed25519Signer responder;
    private final Ed25519Signer initiator;
    private final X25519.KeyPair initiatorEphemeral;
    private final X25519.KeyPair responderEphemeral;
    private final byte[] networkKey = NodeConfig.networkKeyFor(NodeConfig.DEFAULT_NETWORK);
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> samples = new ArrayList<>();
    private long crashes;

    private WireFuzzer(long seed, Store store) {
        this.rng = new SplittableRandom(seed);
        this.store = store;
        buildEntries();
        buildMessages();
        rng.nextBytes(key);
        initiator = signer();
        responder = signer();
        byte[] e = new byte[32];
        rng.nextBytes(e);
        initiatorEphemeral = X25519.KeyPair.fromPrivate(e);
        rng.nextBytes(e);
        responderEphemeral = X25519.KeyPair.fromPrivate(e);
        Handshake i = Handshake.initiator(initiator, initiatorEphemeral, networkKey);
        Handshake r = Handshake.responder(responder, responderEphemeral, networkKey);
        handshake1 = i.writeMessage();
        r.readMessage(handshake1);
        handshake2 = r.writeMessage();
    }

    /** Runs {@code SEED INPUTS STORE_DIR} and prints the report: for a quick look outside the bench. */
    public static void main(String[] args) {
        try (WireFuzzer f = open(Long.parseLong(args[0]), Path.of(args[2]))) {
            Report r = f.run(Long.parseLong(args[1]));
            System.out.printf(
                    "%,d inputs in %.1f s: %,.0f/s, %d crashes %s; store %s; %s%n",
                    r.inputs(),
                    r.seconds(),
                    r.inputsPerSecond(),
                    r.crashes(),
                    r.crashSamples(),
                    f.checkStore().isEmpty() ? "sound" : f.checkStore(),
                    r.counts());
        }
    }

    /** A fuzzer whose corpus and inputs come from {@code seed}, storing into an H2 store in {@code storeDir}. */
    public static WireFuzzer open(long seed, Path storeDir) {
        return new WireFuzzer(seed, H2Store.open(storeDir));
    }

    /** Runs {@code inputs} inputs; blocks until done. */
    public Report run(long inputs) {
        long t0 = System.nanoTime();
        for (long n = 0; n < inputs; n++) {
            int target = rng.nextInt(100);
            try {
                if (target < 32) {
                    message();
                } else if (target < 52) {
                    pipeline();
                } else if (target < 54) {
                    handshake();
                } else {
                    entry();
                }
            } catch (Throwable t) {
                crash("uncaught " + t, t);
            }
        }
        return new Report(inputs, crashes, List.copyOf(samples), Map.copyOf(counts), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * What is wrong with the store (empty when sound): every held feed must be a contiguous chain,
     * prev linking each entry to the one before, of entries that validate and are the corpus's own.
     */
    public List<String> checkStore() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<FeedId, Long> f : store.clock().entrySet()) {
            Entry previous = null;
            long expected = store.oldestSeq(f.getKey());
            while (expected <= f.getValue()) {
                List<Entry> page = store.range(f.getKey(), expected, f.getValue(), 500);
                if (page.isEmpty()) {
                    problems.add(f.getKey().shortText() + ": gap at " + expected);
                    break;
                }
                for (Entry e : page) {
                    if (e.seq() != expected) {
                        problems.add(f.getKey().shortText() + ": seq " + e.seq() + " where " + expected + " was due");
                    }
                    if (previous != null && !e.prev().map(previous.id()::equals).orElse(false)) {
                        problems.add(f.getKey().shortText() + ": prev of " + e.seq() + " does not link");
                    }
                    if (!corpusIds.contains(e.id())) {
                        problems.add(f.getKey().shortText() + ": stored entry " + e.seq() + " is not the corpus's");
                    }
                    try {
                        validator.validate(e);
                    } catch (InvalidEntryException ex) {
                        problems.add(
                                f.getKey().shortText() + ": stored entry " + e.seq() + " invalid: " + ex.getMessage());
                    }
                    previous = e;
                    expected++;
                }
            }
        }
        return problems;
    }

    @Override
    public void close() {
        store.close();
    }

    // ---- targets ---------------------------------------------------------------------------------

    private void message() {
        byte[] input = rng.nextInt(10) == 0 ? random() : mutate(pick(messages));
        int version = rng.nextInt(10) == 0 ? 1 : Protocol.VERSION;
        List<InvalidEntryException> invalid = new ArrayList<>();
        Message m;
        try {
            m = MessageCodec.decode(Unpooled.wrappedBuffer(input), version, invalid::add);
        } catch (ProtocolException e) {
            count("message.refused");
            return;
        }
        count(m instanceof Message.Unknown ? "message.unknown" : "message.decoded");
        count("message.invalidEntriesLeftOut", invalid.size());
        checkRoundTrip(m, version);
        received(m);
    }

    /** Frames of (mutated) messages, encrypted, the stream mutated again, fed in pieces. */
    private void pipeline() {
        CipherState sender = CipherState.withKey(key);
        ByteBuf stream = Unpooled.buffer();
        int frames = 1 + rng.nextInt(3);
        for (int i = 0; i < frames; i++) {
            byte[] plaintext = rng.nextInt(3) == 0 ? pick(messages) : mutate(pick(messages));
            byte[] ct = sender.encryptWithAd(new byte[0], plaintext);
            stream.writeInt(ct.length);
            stream.writeBytes(ct);
        }
        byte[] bytes = new byte[stream.readableBytes()];
        stream.readBytes(bytes);
        if (rng.nextBoolean()) {
            bytes = mutate(bytes);
        }
        Receiver receiver = new Receiver();
        EmbeddedChannel ch = new EmbeddedChannel(
                new FrameDecoder(1 << 20),
                new CipherCodec(new XXpsk0Handshake.TransportKeys(CipherState.withKey(key), CipherState.withKey(key))),
                new MessageFrameCodec.Decoder(Protocol.VERSION),
                receiver);
        int at = 0;
        while (at < bytes.length && ch.isOpen()) {
            int n = 1 + rng.nextInt(bytes.length - at);
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
            at += n;
        }
        ch.finishAndReleaseAll();
        for (Object out : receiver.received) {
            if (out instanceof Message m) {
                count("pipeline.messages");
                received(m);
            } else if (out instanceof InvalidEntryException) {
                count("pipeline.invalidEntriesLeftOut");
            }
        }
        if (receiver.failure != null) {
            Throwable c = receiver.failure instanceof DecoderException && receiver.failure.getCause() != null
                    ? receiver.failure.getCause()
                    : receiver.failure;
            if (c instanceof ProtocolException) {
                count("pipeline.refused");
            } else {
                crash("pipeline threw " + c, c);
            }
        }
    }

    /** The pipeline's end, as the link is: keeps what arrives, and on the first failure closes. */
    private static final class Receiver extends io.netty.channel.ChannelInboundHandlerAdapter {
        final List<Object> received = new ArrayList<>();
        Throwable failure;

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            received.add(msg);
        }

        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }
    }

    /** The responder reads a mutated message 1; the initiator a mutated message 2. */
    private void handshake() {
        boolean first = rng.nextInt(4) != 0; // message 2 costs two X25519 and a signature check
        byte[] input = mutate(first ? handshake1 : handshake2);
        Handshake h;
        if (first) {
            h = Handshake.responder(responder, responderEphemeral, networkKey);
        } else {
            h = Handshake.initiator(initiator, initiatorEphemeral, networkKey);
            h.writeMessage();
        }
        try {
            h.readMessage(input);
            count("handshake.accepted");
            if (!java.util.Arrays.equals(input, first ? handshake1 : handshake2)) {
                crash("a mutated handshake message " + (first ? 1 : 2) + " was accepted", null);
            }
        } catch (ProtocolException e) {
            count("handshake.refused");
        }
    }

    private void entry() {
        int kind = rng.nextInt(20);
        if (kind < 2) {
            offer(nextDue()); // the chains grow, in order or not
            return;
        }
        byte[] input;
        if (kind < 3) {
            input = random();
        } else if (kind < 5) {
            input = splice(pick(entries).encoded(), pick(entries).encoded());
        } else {
            input = mutate(pick(entries).encoded());
        }
        Entry e;
        try {
            e = EntryCodec.decode(input);
        } catch (InvalidEntryException ex) {
            count("entry.undecodable");
            return;
        }
        offer(e);
    }

    // ---- what received messages carry ------------------------------------------------------------

    private void received(Message m) {
        if (m instanceof Message.Entries e) {
            e.entries().forEach(this::offer);
        } else if (m instanceof Message.Chunk c) {
            c.entries().forEach(this::offer);
        }
    }

    /**
     * As the node does: validate, and only then offer to the store. An entry whose id is a corpus
     * entry's has the same bytes (the id is their SHA-256): it is known valid, and offered to the
     * store again only once in 50 (each append is a disk write), so that the run's time goes to new
     * inputs.
     */
    private void offer(Entry e) {
        if (corpusIds.contains(e.id())) {
            count("entry.corpus");
            if (!offered.add(e.id()) && rng.nextInt(50) != 0) {
                return;
            }
        } else {
            try {
                validator.validate(e);
                crash(
                        "an entry that is not the corpus's validated: "
                                + e.author().shortText() + " seq " + e.seq(),
                        null);
                return;
            } catch (InvalidEntryException ex) {
                count("entry.invalid");
                return;
            }
        }
        AppendResult r = store.append(e);
        count("store." + r.status().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A decoded message encodes to bytes that decode to a message encoding to the same bytes
     * (records holding signatures compare arrays by identity, so bytes are compared).
     */
    private void checkRoundTrip(Message m, int version) {
        if (m instanceof Message.Unknown) {
            return;
        }
        byte[] again = MessageCodec.encode(m);
        Message back = MessageCodec.decode(Unpooled.wrappedBuffer(again), version, x -> {
            crash("a re-encoded entry does not decode: " + x.getMessage(), x);
        });
        if (!java.util.Arrays.equals(MessageCodec.encode(back), again)) {
            crash("decoded " + m.getClass().getSimpleName() + " does not survive encode and decode", null);
        }
    }

    // ---- corpus ------------------------------------------------------------------------------------

    private Ed25519Signer signer() {
        byte[] seed = new byte[32];
        rng.nextBytes(seed);
        return Ed25519Signer.fromSeed(seed);
    }

    private void buildEntries() {
        List<Ed25519Signer> authors = new ArrayList<>();
        for (int a = 0; a < AUTHORS; a++) {
            authors.add(signer());
        }
        for (int a = 0; a < AUTHORS; a++) {
            Ed25519Signer author = authors.get(a);
            List<Entry> chain = new ArrayList<>();
            Entry prev = null;
            for (int seq = 1; seq <= ENTRIES_PER_AUTHOR; seq++) {
                Entry e = sign(author, seq, prev, a, seq);
                chain.add(e);
                prev = e;
            }
            chains.add(chain);
            entries.addAll(chain);
        }
        // A fork: the first author signed another seq 10 (and 11 on it).
        Ed25519Signer forker = authors.get(0);
        Entry fork10 = EntryCodec.sign(
                forker,
                10,
                chains.get(0).get(8).id(),
                TestTime.at(10),
                Kind.POST,
                Contents.post("forked", null, List.of()));
        Entry fork11 = EntryCodec.sign(
                forker, 11, fork10.id(), TestTime.at(11), Kind.POST, Contents.post("forked on", null, List.of()));
        entries.add(fork10);
        entries.add(fork11);
        for (Entry e : entries) {
            corpusIds.add(e.id());
        }
    }

    private Entry sign(Ed25519Signer author, int seq, Entry prev, int a, int i) {
        FeedId other = FeedId.of(signer().publicKey());
        byte[] content;
        String kind;
        switch (i % 6) {
            case 0 -> {
                kind = Kind.FOLLOW;
                content = Contents.follow(other);
            }
            case 1 -> {
                kind = Kind.PROFILE;
                content = Contents.profile("author " + a + " ✓", "bio with ünïcödé and \"quotes\"");
            }
            case 2 -> {
                kind = Kind.ADDRESS;
                content = Contents.address("host" + a + ".example:8471");
            }
            case 3 -> {
                kind = "custom-" + a;
                content = "{\"any\":[1,2,{\"x\":null}]}".getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                kind = Kind.POST;
                content = Contents.post("post " + i + " of " + a + " " + "x".repeat(rng.nextInt(200)), null, List.of());
            }
        }
        return EntryCodec.sign(author, seq, prev == null ? null : prev.id(), TestTime.at(seq), kind, content);
    }

    private void buildMessages() {
        FeedId feed = chains.get(0).get(0).author();
        Ed25519Signer server = signer();
        Entry announcement = EntryCodec.sign(
                server, 1, null, TestTime.at(1), Kind.HISTORY, Contents.history("h.example:8471", 1L << 30));
        List<Message> all = List.of(
                new Message.Hello("peer.example:8471", 0x0102030405060708L),
                new Message.Hello("", 0, 1, 0),
                new Message.Hello("[::1]:1", 42, 7, Protocol.CAP_HISTORY),
                new Message.Clock(List.of(new Message.Note(feed, 5, true), new Message.Note(feed, -1, false))),
                new Message.Entries(chains.get(1).subList(0, 5)),
                new Message.Entries(List.of(entries.get(entries.size() - 1))),
                new Message.Peers(List.of("a.example:1", "[2001:db8::1]:8471")),
                new Message.RangeRequest(feed, 1, 1000),
                new Message.Ping(),
                new Message.ChunkRequest(7, feed, 3, 9),
                new Message.Chunk(7, feed, 1, 40, chains.get(2).subList(2, 6)),
                new Message.Ranges(List.of(new Message.Range(feed, 5, 40))),
                new Message.Beat(Heartbeat.sign(server, announcement, TestTime.at(2))),
                new Message.Receipts(List.of(CustodyReceipt.sign(
                        server, feed, 40, chains.get(0).get(39).id(), TestTime.at(3)))),
                new Message.Hints(
                        List.of(new Message.Hint(feed, chains.get(3).get(0).author(), 3, 2))),
                new Message.Limits(256, 4L << 20, 30_000));
        for (Message m : all) {
            messages.add(MessageCodec.encode(m));
        }
    }

    /** The entry a store needs next for a random chain (sometimes a fork's), to grow the chains. */
    private Entry nextDue() {
        if (rng.nextInt(4) == 0) {
            return pick(entries);
        }
        List<Entry> chain = chains.get(rng.nextInt(chains.size()));
        long head = store.latestSeq(chain.get(0).author());
        return chain.get((int) Math.min(head, chain.size() - 1));
    }

    // ---- mutations ---------------------------------------------------------------------------------

    private byte[] mutate(byte[] input) {
        byte[] b = input.clone();
        int rounds = 1 + rng.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            b = switch (rng.nextInt(8)) {
                case 0 -> flipBits(b);
                case 1 -> interestingByte(b);
                case 2 -> lengthField(b);
                case 3 -> truncate(b);
                case 4 -> extend(b);
                case 5 -> deleteRange(b);
                case 6 -> duplicateRange(b);
                default -> splice(
                        b,
                        pick(
                                rng.nextBoolean()
                                        ? messages
                                        : List.of(pick(entries).encoded())));
            };
        }
        return b;
    }

    private byte[] flipBits(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        int n = 1 + rng.nextInt(8);
        for (int i = 0; i < n; i++) {
            int bit = rng.nextInt(b.length * 8);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return b;
    }

    private byte[] interestingByte(byte[] b) {
        if (b.length > 0) {
            b[rng.nextInt(b.length)] = (byte) INTERESTING[rng.nextInt(6)];
        }
        return b;
    }

    /** Overwrites 1, 2, 4 or 8 bytes at a random offset with a big-endian boundary value. */
    private byte[] lengthField(byte[] b) {
        int width = 1 << rng.nextInt(4);
        if (b.length < width) {
            return b;
        }
        int at = rng.nextInt(b.length - width + 1);
        long v = rng.nextInt(4) == 0 ? b.length + rng.nextInt(5) - 2 : INTERESTING[rng.nextInt(INTERESTING.length)];
        for (int i = width - 1; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private byte[] truncate(byte[] b) {
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rng.nextInt(b.length));
    }

    private byte[] extend(byte[] b) {
        byte[] more = new byte[1 + rng.nextInt(16)];
        rng.nextBytes(more);
        return concat(b, more);
    }

    private byte[] deleteRange(byte[] b) {
        if (b.length < 2) {
            return b;
        }
        int from = rng.nextInt(b.length);
        int to = from + 1 + rng.nextInt(Math.min(64, b.length - from));
        return concat(java.util.Arrays.copyOfRange(b, 0, from), java.util.Arrays.copyOfRange(b, to, b.length));
    }

    private byte[] duplicateRange(byte[] b) {
        if (b.length < 2) {
            return b;
        }
        int from = rng.nextInt(b.length);
        int to = from + 1 + rng.nextInt(Math.min(64, b.length - from));
        byte[] range = java.util.Arrays.copyOfRange(b, from, to);
        return concat(
                concat(java.util.Arrays.copyOfRange(b, 0, to), range), java.util.Arrays.copyOfRange(b, to, b.length));
    }

    /** A prefix of one input and a suffix of another. */
    private byte[] splice(byte[] a, byte[] b) {
        int cutA = a.length == 0 ? 0 : rng.nextInt(a.length + 1);
        int cutB = b.length == 0 ? 0 : rng.nextInt(b.length + 1);
        return concat(java.util.Arrays.copyOfRange(a, 0, cutA), java.util.Arrays.copyOfRange(b, cutB, b.length));
    }

    private byte[] random() {
        byte[] b = new byte[rng.nextInt(300)];
        rng.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private <T> T pick(List<T> list) {
        return list.get(rng.nextInt(list.size()));
    }

    // ---- bookkeeping -------------------------------------------------------------------------------

    private void count(String key) {
        count(key, 1);
    }

    private void count(String key, long n) {
        if (n > 0) {
            counts.merge(key, n, Long::sum);
        }
    }

    private void crash(String what, Throwable t) {
        crashes++;
        if (samples.size() < MAX_SAMPLES) {
            samples.add(what + (t == null || t.getStackTrace().length == 0 ? "" : " at " + t.getStackTrace()[0]));
        }
    }

    /** Fixed, past timestamps: one second per seq after 2023-11-14. */
    private static final class TestTime {
        static long at(long seq) {
            return 1_700_000_000_000L + seq * 1000;
        }
    }
}
