package org.scurry.swarm.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

/**
 * Checks the checked-in vectors ({@code src/test/resources/vectors/entries*.json}): every valid one
 * re-signs byte for byte from its inputs and decodes back to them; every invalid one is refused with
 * its stated reason. See {@link EntryVectorGenerator} to re-generate them.
 */
class EntryVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    /** A day after the vectors' timestamps, so none is in the future. */
    private static final EntryValidator VALIDATOR = new EntryValidator(
            Clock.fixed(Instant.ofEpochMilli(EntryVectorGenerator.BASE_TIME + 86_400_000L), ZoneOffset.UTC));

    static JsonNode load(String name) throws IOException {
        try (InputStream in = EntryVectorsTest.class.getResourceAsStream("/vectors/" + name)) {
            assertThat(in).as(name).isNotNull();
            return JSON.readTree(in);
        }
    }

    static Stream<Arguments> valid() throws IOException {
        List<Arguments> out = new ArrayList<>();
        load("entries.json")
                .get("vectors")
                .forEach(v -> out.add(Arguments.of(v.get("name").asText(), v)));
        return out.stream();
    }

    static Stream<Arguments> invalid() throws IOException {
        List<Arguments> out = new ArrayList<>();
        load("entries-invalid.json")
                .get("vectors")
                .forEach(v -> out.add(Arguments.of(v.get("name").asText(), v)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void signingTheInputsReproducesTheFileByteForByte(String name, JsonNode v) {
        Entry signed = EntryCodec.sign(
                Ed25519Signer.fromSeed(HEX.parseHex(v.get("seed").asText())),
                v.get("seq").asLong(),
                v.get("prev").isNull() ? null : EntryId.parse(v.get("prev").asText()),
                v.get("timestamp").asLong(),
                v.get("kind").asText(),
                v.get("content").asText().getBytes(StandardCharsets.UTF_8));

        assertThat(HEX.formatHex(signed.encodedUnsafe()))
                .isEqualTo(v.get("encoding").asText());
        assertThat(signed.id()).hasToString(v.get("id").asText());
        assertThat(HEX.formatHex(signed.signature()))
                .isEqualTo(v.get("signature").asText());
        assertThat(signed.author()).hasToString(v.get("author").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decodingTheFileYieldsTheInputs(String name, JsonNode v) {
        byte[] encoding = HEX.parseHex(v.get("encoding").asText());
        Entry e = EntryCodec.decode(encoding);

        assertThat(e.version()).isEqualTo(1);
        assertThat(e.author())
                .isEqualTo(FeedId.of(
                        Ed25519Signer.fromSeed(HEX.parseHex(v.get("seed").asText()))
                                .publicKey()));
        assertThat(e.seq()).isEqualTo(v.get("seq").asLong());
        assertThat(e.prev().map(EntryId::toString).orElse(null))
                .isEqualTo(v.get("prev").isNull() ? null : v.get("prev").asText());
        assertThat(e.timestamp()).isEqualTo(v.get("timestamp").asLong());
        assertThat(e.kind()).isEqualTo(v.get("kind").asText());
        assertThat(e.contentText()).isEqualTo(v.get("content").asText());
        assertThat(HEX.formatHex(e.signature())).isEqualTo(v.get("signature").asText());
        assertThat(e.id()).hasToString(v.get("id").asText());
        assertThat(e.id()).isEqualTo(EntryId.ofBytes(sha256(encoding)));
        assertThat(EntryCodec.decode(e.encoded())).isEqualTo(e);
        assertThatCode(() -> VALIDATOR.validate(e)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidVectorIsRefusedWithItsReason(String name, JsonNode v) {
        byte[] encoding = HEX.parseHex(v.get("encoding").asText());

        Throwable thrown = catchThrowable(() -> VALIDATOR.validate(EntryCodec.decode(encoding)));

        assertThat(thrown).isInstanceOf(InvalidEntryException.class);
        assertThat(((InvalidEntryException) thrown).reason())
                .isEqualTo(Reason.valueOf(v.get("reason").asText()));
    }

    @Test
    void validVectorsFormOneChainPerFeedAndCoverEveryKnownKind() throws IOException {
        Map<String, JsonNode> heads = new HashMap<>();
        List<String> kinds = new ArrayList<>();
        boolean unknownKind = false;
        boolean maxContent = false;
        for (JsonNode v : load("entries.json").get("vectors")) {
            JsonNode head = heads.get(v.get("author").asText());
            if (head == null) {
                assertThat(v.get("seq").asLong()).isEqualTo(1);
                assertThat(v.get("prev").isNull()).isTrue();
            } else {
                assertThat(v.get("seq").asLong()).isEqualTo(head.get("seq").asLong() + 1);
                assertThat(v.get("prev").asText()).isEqualTo(head.get("id").asText());
            }
            heads.put(v.get("author").asText(), v);
            kinds.add(v.get("kind").asText());
            unknownKind |= !Kind.isKnown(v.get("kind").asText());
            maxContent |=
                    v.get("content").asText().getBytes(StandardCharsets.UTF_8).length == EntryCodec.MAX_CONTENT_BYTES;
        }
        assertThat(kinds).containsAll(Kind.KNOWN);
        assertThat(unknownKind).isTrue();
        assertThat(maxContent).isTrue();
    }

    @Test
    void generatorStillWritesTheCheckedInFiles() throws IOException {
        // a layout change shows up here first: re-generate on purpose, never by accident
        assertThat(JSON.readTree(EntryVectorGenerator.render(EntryVectorGenerator.validVectors())))
                .isEqualTo(load("entries.json"));
        assertThat(JSON.readTree(EntryVectorGenerator.render(EntryVectorGenerator.invalidVectors())))
                .isEqualTo(load("entries-invalid.json"));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
