package org.scurry.swarm.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

/**
 * Writes the entry test vectors {@code entries.json} and {@code entries-invalid.json}. Everything
 * is derived from fixed seeds and fixed timestamps, so a re-run writes the same bytes; a changed
 * file means the layout changed. Re-run from the repository root with:
 *
 * <pre>
 * mvn -o -q -pl swarm test-compile exec:java \
 *     -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.scurry.swarm.entry.EntryVectorGenerator \
 *     -Dexec.args=swarm/src/test/resources/vectors
 * </pre>
 *
 * {@link EntryVectorsTest} checks the checked-in files against this class and against the codec.
 */
public final class EntryVectorGenerator {
    static final String ALICE_SEED = "a11ce0000000000000000000000000000000000000000000000000000000a11c";
    static final String BOB_SEED = "b0b0000000000000000000000000000000000000000000000000000000000b0b";
    /** 2026-01-01T00:00:00Z; entry n of a feed is stamped n seconds later. */
    static final long BASE_TIME = 1_767_225_600_000L;

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One valid vector's inputs; the outputs are computed by signing. */
    record Input(String name, String seed, long seq, EntryId prev, long timestamp, String kind, String content) {
        Entry sign() {
            return EntryCodec.sign(
                    Ed25519Signer.fromSeed(HEX.parseHex(seed)),
                    seq,
                    prev,
                    timestamp,
                    kind,
                    content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private EntryVectorGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: EntryVectorGenerator <output directory>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("entries.json"), render(validVectors()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("entries-invalid.json"), render(invalidVectors()), StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve("entries.json") + " and " + dir.resolve("entries-invalid.json"));
    }

    static String render(ObjectNode root) throws IOException {
        return JSON.writeValueAsString(root) + "\n";
    }

    /** The inputs of the valid vectors: Alice's feed seq 1–10 as one chain, and Bob's first entry. */
    static List<Input> inputs() {
        String bob = FeedId.of(Ed25519Signer.fromSeed(HEX.parseHex(BOB_SEED)).publicKey())
                .toString();
        List<Input> in = new ArrayList<>();
        in.add(aliceNext(in, "post, seq 1, no prev", "post", "{\"text\":\"hello, swarm\"}"));
        in.add(aliceNext(
                in,
                "post, seq 2, unicode and emoji, reply",
                "post",
                "{\"text\":\"Grüße aus Zürich 🐿️ — 松鼠! \\\"quoted\\\"\",\"reply\":\"~REPLY\",\"mentions\":[\"" + bob
                        + "\"]}"));
        in.add(aliceNext(in, "follow", "follow", "{\"feed\":\"" + bob + "\"}"));
        in.add(aliceNext(in, "unfollow", "unfollow", "{\"feed\":\"" + bob + "\"}"));
        in.add(aliceNext(in, "profile", "profile", "{\"name\":\"Alice 🐿️\",\"bio\":\"gathers nuts\"}"));
        in.add(aliceNext(in, "delete", "delete", "{\"entry\":\"~DEL\"}"));
        in.add(aliceNext(in, "address", "address", "{\"address\":\"tcp://203.0.113.7:7451\"}"));
        in.add(aliceNext(
                in,
                "unknown kind carried opaque",
                "x-poll-v2",
                "{\"question\":\"acorns or hazelnuts?\",\"options\":[\"acorns\",\"hazelnuts\"],\"closes\":null}"));
        in.add(aliceNext(in, "post, maximum content (16384 bytes)", "post", maxContent()));
        in.add(aliceNext(
                in,
                "history (a history server's announcement)",
                "history",
                "{\"address\":\"203.0.113.7:8471\",\"capacity\":10737418240}"));
        in.add(new Input(
                "profile, seq 1 of another feed",
                BOB_SEED,
                1,
                null,
                BASE_TIME + 1000,
                "profile",
                "{\"name\":\"Bob\"}"));
        return in;
    }

    /** Alice's next entry: seq and prev follow the previous input; ~REPLY / ~DEL name her seq 1. */
    private static Input aliceNext(List<Input> sofar, String name, String kind, String content) {
        long seq = sofar.size() + 1L;
        EntryId prev =
                sofar.isEmpty() ? null : sofar.get(sofar.size() - 1).sign().id();
        if (!sofar.isEmpty()) {
            String first = sofar.get(0).sign().id().toString();
            content = content.replace("~REPLY", first).replace("~DEL", first);
        }
        return new Input(name, ALICE_SEED, seq, prev, BASE_TIME + seq * 1000, kind, content);
    }

    private static String maxContent() {
        String head = "{\"text\":\"";
        String tail = "\"}";
        return head + "n".repeat(EntryCodec.MAX_CONTENT_BYTES - head.length() - tail.length()) + tail;
    }

    static ObjectNode validVectors() {
        ObjectNode root = NODES.objectNode();
        root.put(
                "description",
                "Scurry entry layout v1 test vectors: docs/entry-format.md. Generated by "
                        + "EntryVectorGenerator from fixed seeds and timestamps; content is the UTF-8 text that was signed.");
        root.put("context", "scurry-entry-v1\n");
        root.put("contextHex", HEX.formatHex(EntryCodec.CONTEXT));
        ArrayNode list = root.putArray("vectors");
        for (Input in : inputs()) {
            Entry e = in.sign();
            ObjectNode v = list.addObject();
            v.put("name", in.name());
            v.put("seed", in.seed());
            v.put("author", e.author().toString());
            v.put("seq", in.seq());
            if (in.prev() == null) {
                v.putNull("prev");
            } else {
                v.put("prev", in.prev().toString());
            }
            v.put("timestamp", in.timestamp());
            v.put("kind", in.kind());
            v.put("content", in.content());
            v.put("encoding", HEX.formatHex(e.encodedUnsafe()));
            v.put("id", e.id().toString());
            v.put("signature", HEX.formatHex(e.signature()));
        }
        return root;
    }

    static ObjectNode invalidVectors() {
        Ed25519Signer alice = Ed25519Signer.fromSeed(HEX.parseHex(ALICE_SEED));
        List<Input> inputs = inputs();
        byte[] first = inputs.get(0).sign().encoded(); // seq 1, no prev
        byte[] second = inputs.get(1).sign().encoded(); // seq 2, prev
        int firstSigned = first.length - EntryCodec.SIGNATURE_LENGTH;
        int firstContent = inputs.get(0).content().getBytes(StandardCharsets.UTF_8).length;
        long t = BASE_TIME + 1000;

        ObjectNode root = NODES.objectNode();
        root.put(
                "description",
                "Encodings every peer must refuse, each with the InvalidEntryException.Reason "
                        + "expected from EntryCodec.decode followed by EntryValidator.validate. Apart from the fault "
                        + "named, each is correctly signed unless the fault is the signature itself.");
        ArrayNode list = root.putArray("vectors");
        add(list, "truncated: last signature byte missing", Arrays.copyOf(first, first.length - 1), Reason.MALFORMED);
        add(list, "truncated inside the header", Arrays.copyOf(first, 40), Reason.MALFORMED);
        add(list, "empty", new byte[0], Reason.MALFORMED);
        add(list, "one trailing byte after the signature", Arrays.copyOf(first, first.length + 1), Reason.MALFORMED);
        add(list, "version 2", resign(alice, patch(first, 0, 2)), Reason.MALFORMED);
        add(list, "version 0", resign(alice, patch(first, 0, 0)), Reason.MALFORMED);
        add(list, "prev marker 2", resign(alice, patch(second, 41, 2)), Reason.MALFORMED);
        add(list, "seq 0", layout(alice, 0, null, t, "post", "{\"text\":\"a\"}"), Reason.BAD_SEQ);
        add(
                list,
                "seq with the top bit set",
                layout(alice, Long.MIN_VALUE, new byte[32], t, "post", "{}"),
                Reason.BAD_SEQ);
        add(
                list,
                "prev present at seq 1",
                layout(alice, 1, new byte[32], t, "post", "{\"text\":\"a\"}"),
                Reason.BAD_PREV);
        add(list, "prev absent at seq 2", layout(alice, 2, null, t, "post", "{\"text\":\"a\"}"), Reason.BAD_PREV);
        add(list, "kind with uppercase", layout(alice, 1, null, t, "Post", "{\"text\":\"a\"}"), Reason.BAD_KIND);
        add(list, "kind with a space", layout(alice, 1, null, t, "po st", "{\"text\":\"a\"}"), Reason.BAD_KIND);
        add(list, "kind length 0", layout(alice, 1, null, t, "", "{}"), Reason.BAD_KIND);
        add(list, "kind length 33", layout(alice, 1, null, t, "k".repeat(33), "{}"), Reason.BAD_KIND);
        add(list, "content length 16385", layout(alice, 1, null, t, "post", jsonOfSize(16385)), Reason.TOO_LARGE);
        add(
                list,
                "content length field larger than the bytes present",
                resign(alice, patchInt(first, firstSigned - firstContent - 4, firstContent + 1)),
                Reason.MALFORMED);
        add(list, "content not JSON", layout(alice, 1, null, t, "post", "hello"), Reason.BAD_CONTENT);
        add(list, "content a JSON array", layout(alice, 1, null, t, "post", "[\"hello\"]"), Reason.BAD_CONTENT);
        add(list, "content empty", layout(alice, 1, null, t, "profile", ""), Reason.BAD_CONTENT);
        add(
                list,
                "content with bytes after the object",
                layout(alice, 1, null, t, "post", "{\"text\":\"a\"} {}"),
                Reason.BAD_CONTENT);
        add(
                list,
                "content with a duplicate key",
                layout(alice, 1, null, t, "post", "{\"text\":\"a\",\"text\":\"b\"}"),
                Reason.BAD_CONTENT);
        add(
                list,
                "content not UTF-8 (UTF-16BE)",
                layout(alice, 1, null, t, "post", "{\"text\":\"a\"}".getBytes(StandardCharsets.UTF_16BE)),
                Reason.BAD_CONTENT);
        add(list, "post without text", layout(alice, 1, null, t, "post", "{\"body\":\"a\"}"), Reason.BAD_CONTENT);
        add(
                list,
                "follow with a bad feed id",
                layout(alice, 1, null, t, "follow", "{\"feed\":\"@bob\"}"),
                Reason.BAD_CONTENT);
        add(
                list,
                "bad signature: one bit flipped",
                patch(first, first.length - 1, first[first.length - 1] ^ 1),
                Reason.BAD_SIGNATURE);
        add(
                list,
                "signature over the layout without the context prefix",
                withSignature(first, alice.sign(first, 0, firstSigned)),
                Reason.BAD_SIGNATURE);
        return root;
    }

    private static void add(ArrayNode list, String name, byte[] encoding, Reason reason) {
        ObjectNode v = list.addObject();
        v.put("name", name);
        v.put("encoding", HEX.formatHex(encoding));
        v.put("reason", reason.name());
    }

    static String jsonOfSize(int size) {
        return "{\"text\":\"" + "x".repeat(size - 11) + "\"}";
    }

    private static byte[] layout(Ed25519Signer author, long seq, byte[] prev, long time, String kind, String content) {
        return layout(author, seq, prev, time, kind, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Lays out fields as EntryCodec does but without its range checks, then signs. */
    private static byte[] layout(Ed25519Signer author, long seq, byte[] prev, long time, String kind, byte[] content) {
        byte[] k = kind.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate((prev == null ? 42 : 74) + 13 + k.length + content.length + 64);
        b.put((byte) EntryCodec.VERSION).put(author.publicKey().toBytes()).putLong(seq);
        if (prev == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1).put(prev);
        }
        b.putLong(time).put((byte) k.length).put(k).putInt(content.length).put(content);
        return resign(author, b.array());
    }

    /** Replaces the last 64 bytes with a signature over CONTEXT and everything before them. */
    private static byte[] resign(Ed25519Signer author, byte[] encoded) {
        int signed = encoded.length - EntryCodec.SIGNATURE_LENGTH;
        byte[] message = new byte[EntryCodec.CONTEXT.length + signed];
        System.arraycopy(EntryCodec.CONTEXT, 0, message, 0, EntryCodec.CONTEXT.length);
        System.arraycopy(encoded, 0, message, EntryCodec.CONTEXT.length, signed);
        return withSignature(encoded, author.sign(message));
    }

    private static byte[] withSignature(byte[] encoded, byte[] signature) {
        byte[] out = encoded.clone();
        System.arraycopy(signature, 0, out, out.length - signature.length, signature.length);
        return out;
    }

    private static byte[] patch(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        out[offset] = (byte) value;
        return out;
    }

    private static byte[] patchInt(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).putInt(offset, value);
        return out;
    }
}
