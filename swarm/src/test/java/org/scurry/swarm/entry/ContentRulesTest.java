package org.scurry.swarm.entry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

/**
 * The streaming {@link ContentRules} must accept exactly the contents that the tree-based check it
 * replaced accepted: which entries are valid is part of the protocol, and two versions of the
 * software that disagree would split the swarm. {@link #treeCheck} is that former check, kept here
 * as the reference, and both are run over valid contents, known bad ones and thousands of
 * mutations of them, for every kind with content rules.
 */
class ContentRulesTest {
    private static final String FEED =
            FeedId.of(Ed25519Signer.generate().publicKey()).toString();
    private static final String ENTRY = EntryId.ofEncoding(new byte[] {1, 2, 3}).toString();
    private static final List<String> KINDS = List.of(
            Kind.POST, Kind.FOLLOW, Kind.UNFOLLOW, Kind.DELETE, Kind.ADDRESS, Kind.HISTORY, Kind.PROFILE, "x-poll");

    private static final List<String> SEEDS = List.of(
            "{\"text\":\"hello\"}",
            "{\"text\":\"grüße 🐿️ 松鼠 \\u00e9\",\"replyTo\":\"" + ENTRY + "\",\"mentions\":[\"" + FEED + "\"]}",
            "{\"feed\":\"" + FEED + "\"}",
            "{\"entry\":\"" + ENTRY + "\"}",
            "{\"address\":\"tcp://203.0.113.7:7451\",\"capacity\":1000}",
            "{\"address\":\"h:1\",\"capacity\":1.5}",
            "{\"address\":\"h:1\",\"capacity\":\"12\"}",
            "{\"address\":\"h:1\",\"capacity\":0}",
            "{\"address\":\"h:1\",\"capacity\":99999999999999999999}",
            "{\"name\":\"Alice\",\"bio\":\"hi\"}",
            " \n{\"text\":\"a\"}\n ",
            "{\"text\":{\"text\":\"nested\"}}",
            "{\"a\":{\"b\":1,\"c\":[1,{\"d\":null}]},\"text\":\"x\",\"feed\":\"" + FEED + "\"}",
            "{\"text\":\"a\",\"text\":\"b\"}",
            "{\"a\":{\"b\":1,\"b\":1}}",
            "{\"text\":\"a\"} x",
            "{\"text\":\"a\"}{}",
            "[1,2,3]",
            "\"text\"",
            "",
            "   ",
            "not json",
            "{\"text\":\"a\"",
            "{\"text\":'a'}",
            "{text:\"a\"}",
            "{\"text\":\"tab\there\"}",
            "{\"text\":42}",
            "{\"text\":null}",
            "{\"feed\":\"@bob\"}",
            "{\"entry\":[\"" + ENTRY + "\"]}",
            "{}");

    @Test
    void agreesWithTheTreeCheckOnKnownContents() {
        for (String kind : KINDS) {
            for (String seed : SEEDS) {
                agrees(kind, seed.getBytes(StandardCharsets.UTF_8));
            }
            agrees(kind, "{\"text\":\"a\"}".getBytes(StandardCharsets.UTF_16BE));
            agrees(kind, "{}".getBytes(StandardCharsets.UTF_16LE));
            agrees(kind, ("\uFEFF{\"text\":\"a\"}").getBytes(StandardCharsets.UTF_8));
            agrees(kind, new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xc0, (byte) 0x80, '"', '}'});
            agrees(kind, new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'});
            agrees(kind, new byte[] {0, '{', 0, '}'});
            agrees(kind, new byte[] {'{', '}', 0});
        }
    }

    @Test
    void agreesWithTheTreeCheckOnMutatedContents() {
        Random random = new Random(2026);
        byte[] special = {
            0,
            '"',
            '\\',
            '{',
            '}',
            '[',
            ']',
            ',',
            ':',
            ' ',
            'x',
            '1',
            (byte) 0xc3,
            (byte) 0xa9,
            (byte) 0xed,
            (byte) 0xa0,
            (byte) 0xff,
            (byte) 0xef,
            (byte) 0xbb,
            (byte) 0xbf
        };
        int judged = 0;
        int accepted = 0;
        for (String kind : KINDS) {
            for (String seed : SEEDS) {
                byte[] original = seed.getBytes(StandardCharsets.UTF_8);
                for (int n = 0; n < 60; n++) {
                    byte[] mutated = mutate(original, random, special);
                    if (agrees(kind, mutated)) {
                        accepted++;
                    }
                    judged++;
                }
            }
        }
        // Both outcomes must have been exercised, or the comparison proves little.
        assertThat(accepted).isBetween(judged / 50, judged - judged / 50);
    }

    @Test
    void readsOnlyItsSliceOfALargerArray() {
        byte[] inner = "{\"text\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[inner.length + 6];
        framed[0] = 'x';
        framed[1] = (byte) 0xff;
        framed[2] = '[';
        System.arraycopy(inner, 0, framed, 3, inner.length);
        framed[framed.length - 3] = ']';
        framed[framed.length - 2] = (byte) 0xff;
        ContentRules.check(Kind.POST, framed, 3, inner.length); // does not throw
        assertThat(verdict(Kind.POST, framed, 2, inner.length + 1)).isEqualTo(Reason.BAD_CONTENT);
    }

    /** Both checks' verdicts on {@code content}; asserts they agree and returns whether it was accepted. */
    private static boolean agrees(String kind, byte[] content) {
        Reason ours = verdict(kind, content, 0, content.length);
        boolean reference = treeCheck(kind, content);
        assertThat(ours == null)
                .as(
                        "%s content %s: streaming check says %s, tree check says %s",
                        kind, describe(content), ours == null ? "valid" : ours, reference ? "valid" : "invalid")
                .isEqualTo(reference);
        if (ours != null) {
            assertThat(ours).isEqualTo(Reason.BAD_CONTENT);
        }
        return reference;
    }

    private static Reason verdict(String kind, byte[] b, int offset, int length) {
        try {
            ContentRules.check(kind, b, offset, length);
            return null;
        } catch (InvalidEntryException e) {
            return e.reason();
        }
    }

    private static byte[] mutate(byte[] original, Random random, byte[] special) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : original) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size() + 1);
            byte b = special[random.nextInt(special.length)];
            switch (random.nextInt(4)) {
                case 0 -> bytes.add(at, b);
                case 1 -> {
                    if (at < bytes.size()) {
                        bytes.set(at, b);
                    }
                }
                case 2 -> {
                    if (at < bytes.size()) {
                        bytes.remove(at);
                    }
                }
                default -> {
                    // duplicate a stretch: repeated keys, repeated values
                    int len = Math.min(bytes.size() - Math.min(at, bytes.size()), 1 + random.nextInt(12));
                    List<Byte> copy = new ArrayList<>(
                            bytes.subList(Math.min(at, bytes.size()), Math.min(at, bytes.size()) + len));
                    bytes.addAll(Math.min(at, bytes.size()), copy);
                }
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static String describe(byte[] content) {
        StringBuilder s = new StringBuilder("[");
        for (byte b : content) {
            int c = b & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append(']').toString();
    }

    // ---- the former tree-based check, verbatim in behaviour: the reference ----

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static boolean treeCheck(String kind, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            return false;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (java.io.IOException e) {
            return false;
        }
        if (node == null || !node.isObject()) {
            return false;
        }
        try {
            switch (kind) {
                case Kind.POST -> requireText(node, "text");
                case Kind.FOLLOW, Kind.UNFOLLOW -> FeedId.parse(requireText(node, "feed"));
                case Kind.DELETE -> EntryId.parse(requireText(node, "entry"));
                case Kind.ADDRESS -> requireText(node, "address");
                case Kind.HISTORY -> {
                    requireText(node, "address");
                    JsonNode capacity = node.get("capacity");
                    if (capacity == null || !capacity.canConvertToLong() || capacity.asLong() < 1) {
                        return false;
                    }
                }
                default -> {
                    // profile: fields optional; unknown kinds opaque
                }
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        return true;
    }

    private static String requireText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("needs " + field);
        }
        return v.asText();
    }
}
