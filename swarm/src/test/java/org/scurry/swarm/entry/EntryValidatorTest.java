package org.scurry.swarm.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

class EntryValidatorTest {
    private static final long NOW = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long TEN_MINUTES = 10 * 60 * 1000;
    private static final Ed25519Signer ALICE = Ed25519Signer.fromSeed(seed(1));
    private static final Ed25519Signer BOB = Ed25519Signer.fromSeed(seed(2));

    private final EntryValidator validator = new EntryValidator(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @Test
    void timestampExactlyTenMinutesAheadIsAccepted() {
        assertThatCode(() -> validator.validate(post(NOW + TEN_MINUTES))).doesNotThrowAnyException();
    }

    @Test
    void timestampTenMinutesAndOneMillisecondAheadIsRefused() {
        assertRefused(post(NOW + TEN_MINUTES + 1), Reason.FUTURE_TIMESTAMP);
    }

    @Test
    void pastTimestampsAreAccepted() {
        assertThatCode(() -> validator.validate(post(0))).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(post(-1))).doesNotThrowAnyException();
    }

    @Test
    void postNeedsStringText() {
        assertValid(entry("post", "{\"text\":\"hi\"}"));
        assertValid(entry("post", "{\"text\":\"\",\"mentions\":[]}"));
        assertRefused(entry("post", "{}"), Reason.BAD_CONTENT);
        assertRefused(entry("post", "{\"text\":42}"), Reason.BAD_CONTENT);
        assertRefused(entry("post", "{\"text\":null}"), Reason.BAD_CONTENT);
    }

    @Test
    void postTextLengthIsNotAReceiptRule() {
        // 1,000 characters is a local posting policy: a longer post from a peer must still replicate
        assertValid(entry("post", "{\"text\":\"" + "x".repeat(5000) + "\"}"));
    }

    @Test
    void followAndUnfollowNeedAParseableFeedId() {
        String bob = feedText(BOB);
        for (String kind : new String[] {"follow", "unfollow"}) {
            assertValid(entry(kind, "{\"feed\":\"" + bob + "\"}"));
            assertRefused(entry(kind, "{}"), Reason.BAD_CONTENT);
            assertRefused(entry(kind, "{\"feed\":\"@bob\"}"), Reason.BAD_CONTENT);
            assertRefused(entry(kind, "{\"feed\":\"" + bob.substring(0, 43) + "\"}"), Reason.BAD_CONTENT);
            assertRefused(entry(kind, "{\"feed\":\"" + bob.substring(0, 43) + "B\"}"), Reason.BAD_CONTENT);
        }
    }

    @Test
    void deleteNeedsAnEntryId() {
        String target = post(NOW).id().toString();
        assertValid(entry("delete", "{\"entry\":\"" + target + "\"}"));
        assertRefused(entry("delete", "{}"), Reason.BAD_CONTENT);
        assertRefused(entry("delete", "{\"entry\":\"~nope\"}"), Reason.BAD_CONTENT);
        assertRefused(entry("delete", "{\"entry\":[\"" + target + "\"]}"), Reason.BAD_CONTENT);
    }

    @Test
    void addressNeedsAStringAddress() {
        assertValid(entry("address", "{\"address\":\"tcp://203.0.113.7:7451\"}"));
        assertRefused(entry("address", "{}"), Reason.BAD_CONTENT);
        assertRefused(entry("address", "{\"address\":7451}"), Reason.BAD_CONTENT);
    }

    @Test
    void profileFieldsAreOptional() {
        assertValid(entry("profile", "{}"));
        assertValid(entry("profile", "{\"name\":\"Alice\",\"bio\":\"hi\"}"));
    }

    @Test
    void unknownKindsAreCarriedOpaque() {
        assertValid(entry("x-poll-v2", "{\"question\":\"?\",\"options\":[1,2,3],\"nested\":{\"a\":null}}"));
        assertValid(entry("history-server", "{}"));
    }

    @Test
    void unknownKindsMustStillBeAJsonObject() {
        assertRefused(entry("x-poll-v2", "[1,2,3]"), Reason.BAD_CONTENT);
        assertRefused(entry("x-poll-v2", "not json"), Reason.BAD_CONTENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"text\"", "42", "null", "true"})
    void contentMustBeAJsonObject(String content) {
        assertRefused(entry("profile", content), Reason.BAD_CONTENT);
    }

    @Test
    void duplicateJsonKeysAreRefused() {
        assertRefused(entry("post", "{\"text\":\"a\",\"text\":\"b\"}"), Reason.BAD_CONTENT);
        assertRefused(entry("x-unknown", "{\"a\":{\"b\":1,\"b\":1}}"), Reason.BAD_CONTENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":\"a\"} {}", "{\"text\":\"a\"}x", "{\"text\":\"a\"}}", "{\"text\":\"a\"} 1"})
    void anythingAfterTheObjectIsRefused(String content) {
        assertRefused(entry("post", content), Reason.BAD_CONTENT);
    }

    @Test
    void whitespaceAroundTheObjectIsAccepted() {
        assertValid(entry("post", " \n{\"text\":\"a\"}\n "));
    }

    @Test
    void contentMustBeStrictUtf8() {
        byte[] utf16 = "{\"text\":\"a\"}".getBytes(StandardCharsets.UTF_16BE);
        byte[] bom = ("\uFEFF{\"text\":\"a\"}").getBytes(StandardCharsets.UTF_8);
        byte[] overlongNul = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        byte[] surrogate = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
        };
        byte[] stray = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xFF, '"', '}'};

        for (byte[] content : new byte[][] {utf16, bom, overlongNul, surrogate, stray}) {
            assertRefused(EntryCodec.sign(ALICE, 1, null, NOW, "post", content), Reason.BAD_CONTENT);
        }
    }

    @Test
    void unicodeContentIsAccepted() {
        assertValid(entry("post", "{\"text\":\"grüße 🐿️ 松鼠 \\u00e9\"}"));
    }

    @Test
    void contentOfExactly16384BytesIsAcceptedAnd16385RefusedAtSigning() {
        String max = jsonOfSize(EntryCodec.MAX_CONTENT_BYTES);
        String over = jsonOfSize(EntryCodec.MAX_CONTENT_BYTES + 1);

        Entry entry = entry("post", max);
        assertThat(entry.contentLength()).isEqualTo(16384);
        assertValid(entry);
        assertThatThrownBy(() -> entry("post", over))
                .isInstanceOfSatisfying(
                        InvalidEntryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("16385");
    }

    @Test
    void signatureByAnotherKeyIsRefused() {
        Entry good = post(NOW);
        Entry bob = post(NOW, BOB);
        byte[] forged = good.encoded();
        System.arraycopy(bob.signature(), 0, forged, good.signedLength(), 64);

        assertRefused(EntryCodec.decode(forged), Reason.BAD_SIGNATURE);
    }

    @Test
    void signatureWithoutTheContextPrefixIsRefused() {
        // a signature over the bare layout (no "scurry-entry-v1\n") must not verify
        Entry good = post(NOW);
        byte[] encoded = good.encoded();
        byte[] bare = ALICE.sign(encoded, 0, good.signedLength());
        System.arraycopy(bare, 0, encoded, good.signedLength(), 64);

        assertRefused(EntryCodec.decode(encoded), Reason.BAD_SIGNATURE);
    }

    @Test
    void signingRefusesOutOfRangeFields() {
        EntryId someId = post(NOW).id();
        assertSignRefused(() -> EntryCodec.sign(ALICE, 0, null, NOW, "post", "{}".getBytes()), Reason.BAD_SEQ);
        assertSignRefused(() -> EntryCodec.sign(ALICE, 1, someId, NOW, "post", "{}".getBytes()), Reason.BAD_PREV);
        assertSignRefused(() -> EntryCodec.sign(ALICE, 2, null, NOW, "post", "{}".getBytes()), Reason.BAD_PREV);
        assertSignRefused(() -> EntryCodec.sign(ALICE, 1, null, NOW, "Post", "{}".getBytes()), Reason.BAD_KIND);
        assertSignRefused(() -> EntryCodec.sign(ALICE, 1, null, NOW, "", "{}".getBytes()), Reason.BAD_KIND);
        assertSignRefused(() -> EntryCodec.sign(ALICE, 1, null, NOW, "k".repeat(33), "{}".getBytes()), Reason.BAD_KIND);
        assertThatCode(() -> EntryCodec.sign(ALICE, 1, null, NOW, "k".repeat(32), "{}".getBytes()))
                .doesNotThrowAnyException();
    }

    /** A {"text":"xxx…"} object of exactly {@code size} UTF-8 bytes. */
    static String jsonOfSize(int size) {
        String json = "{\"text\":\"" + "x".repeat(size - 11) + "\"}";
        assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(size);
        return json;
    }

    private static Entry post(long timestamp) {
        return post(timestamp, ALICE);
    }

    private static Entry post(long timestamp, Ed25519Signer author) {
        return EntryCodec.sign(
                author, 1, null, timestamp, "post", "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static Entry entry(String kind, String content) {
        return EntryCodec.sign(ALICE, 1, null, NOW, kind, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String feedText(Ed25519Signer signer) {
        return org.scurry.swarm.FeedId.of(signer.publicKey()).toString();
    }

    private void assertValid(Entry entry) {
        assertThatCode(() -> validator.validate(entry)).as(entry.contentText()).doesNotThrowAnyException();
    }

    private void assertRefused(Entry entry, Reason reason) {
        assertThatThrownBy(() -> validator.validate(entry))
                .as(entry.contentText())
                .isInstanceOfSatisfying(
                        InvalidEntryException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static void assertSignRefused(Runnable signing, Reason reason) {
        assertThatThrownBy(signing::run).isInstanceOfSatisfying(InvalidEntryException.class, e -> assertThat(e.reason())
                .isEqualTo(reason));
    }

    static byte[] seed(int n) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) n);
        return seed;
    }
}
