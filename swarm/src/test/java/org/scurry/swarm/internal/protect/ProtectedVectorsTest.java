package org.scurry.swarm.internal.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.protect.ProtectException;

/**
 * Checks the checked-in vectors ({@code src/test/resources/vectors/protected.json}): the file is
 * what {@link ProtectedVectorGenerator} computes with today's code, and every vector opens with
 * the keys it names and with nothing else.
 */
class ProtectedVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode file() throws IOException {
        try (InputStream in = ProtectedVectorsTest.class.getResourceAsStream("/vectors/protected.json")) {
            assertThat(in).as("protected.json").isNotNull();
            return JSON.readTree(in);
        }
    }

    private static Ed25519Signer signer(JsonNode hex) {
        return Ed25519Signer.fromSeed(HEX.parseHex(hex.asText()));
    }

    @Test
    void theFileIsWhatTheCodeComputesByteForByte() throws IOException {
        assertThat(file()).isEqualTo(JSON.readTree(JSON.writeValueAsString(ProtectedVectorGenerator.vectors())));
    }

    @Test
    void identityKeysConvertToMatchingX25519Pairs() throws IOException {
        for (JsonNode k : file().get("identities")) {
            Ed25519Signer s = signer(k.get("seed"));
            assertThat(FeedId.of(s.publicKey())).hasToString(k.get("feed").asText());
            // The public key converted from Ed25519 is the X25519 public key of the derived private key.
            byte[] fromPrivate =
                    X25519.publicFromPrivate(HEX.parseHex(k.get("x25519Private").asText()));
            assertThat(HEX.formatHex(fromPrivate))
                    .isEqualTo(k.get("x25519Public").asText());
        }
    }

    @Test
    void epochKeysFollowTheKeySchedule() throws IOException {
        for (JsonNode v : file().get("feedKeys")) {
            FeedKey key = FeedKey.derive(signer(v.get("seed")), v.get("epoch").asInt());
            assertThat(HEX.formatHex(key.toBytes())).isEqualTo(v.get("key").asText());
        }
    }

    @Test
    void theSealedEntryVerifiesForAnyoneAndOpensWithItsEpochKeyOnly() throws IOException {
        JsonNode v = file().get("sealed");
        Entry e = Entry.decode(HEX.parseHex(v.get("encoding").asText()));
        new EntryValidator().validate(e); // a relay checks the signature without any key
        assertThat(e.kind()).isEqualTo(Kind.SEALED);
        assertThat(e.id()).isEqualTo(EntryId.parse(v.get("id").asText()));
        assertThat(e.contentText()).isEqualTo(v.get("content").asText()).doesNotContain("approved");

        Ed25519Signer owner = signer(v.get("seed"));
        Entry opened = SealedEntries.open(FeedKey.derive(owner, v.get("epoch").asInt()), e);
        assertThat(opened.kind()).isEqualTo(v.get("innerKind").asText());
        assertThat(new String(opened.content(), StandardCharsets.UTF_8))
                .isEqualTo(v.get("innerContent").asText());
        assertThat(opened.id()).isEqualTo(e.id());
        assertThat(catchThrowableOfType(
                                () -> SealedEntries.open(
                                        FeedKey.of(
                                                e.author(),
                                                1,
                                                FeedKey.derive(owner, 2).toBytes()),
                                        e),
                                ProtectException.class)
                        .reason())
                .isEqualTo(ProtectException.Reason.CIPHERTEXT_DOES_NOT_OPEN);
    }

    @Test
    void theGrantOpensForItsFollowerOnlyAndCarriesTheEpochKey() throws IOException {
        JsonNode v = file().get("grant");
        Ed25519Signer owner = signer(v.get("ownerSeed"));
        Ed25519Signer follower = signer(v.get("followerSeed"));
        Entry grant = Entry.sign(
                owner, 1, null, 0, Kind.GRANT, v.get("content").asText().getBytes(StandardCharsets.UTF_8));
        FeedKey key = Grants.open(grant, follower);
        assertThat(key).isEqualTo(FeedKey.derive(owner, v.get("epoch").asInt()));

        Ed25519Signer stranger = Ed25519Signer.generate();
        assertThat(catchThrowableOfType(() -> Grants.open(grant, stranger), ProtectException.class)
                        .reason())
                .isEqualTo(ProtectException.Reason.NOT_ADDRESSED_TO_READER);
    }

    @Test
    void theRequestOpensForItsOwnerOnly() throws IOException {
        JsonNode v = file().get("request");
        Ed25519Signer requester = signer(v.get("requesterSeed"));
        Entry request = Entry.sign(
                requester, 1, null, 0, Kind.REQUEST, v.get("content").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(Requests.open(request, signer(v.get("ownerSeed"))))
                .isEqualTo(v.get("note").asText());
        assertThat(catchThrowableOfType(() -> Requests.open(request, Ed25519Signer.generate()), ProtectException.class)
                        .reason())
                .isEqualTo(ProtectException.Reason.REQUEST_DOES_NOT_OPEN);
    }
}
