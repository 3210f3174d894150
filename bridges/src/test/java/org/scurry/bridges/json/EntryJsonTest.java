package org.scurry.bridges.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;

class EntryJsonTest {
    private final Ed25519Signer author = Ed25519Signer.generate();

    @Test
    void entryBecomesTheApiShapeWithParsedContent() {
        Entry first = Entry.sign(author, 1, null, 1_700_000_000_000L, Kind.POST, Contents.post("hi", null, List.of()));
        Entry second = Entry.sign(
                author, 2, first.id(), 1_700_000_000_001L, Kind.POST, Contents.post("again", first.id(), List.of()));

        ObjectNode json = EntryJson.toJson(second, feed -> Optional.of("ada"));

        assertThat(json.get("id").asText()).isEqualTo(second.id().toString());
        assertThat(json.get("author").asText()).isEqualTo(second.author().toString());
        assertThat(json.get("seq").asLong()).isEqualTo(2);
        assertThat(json.get("prev").asText()).isEqualTo(first.id().toString());
        assertThat(json.get("timestamp").asLong()).isEqualTo(1_700_000_000_001L);
        assertThat(json.get("kind").asText()).isEqualTo("post");
        assertThat(json.get("content").get("text").asText()).isEqualTo("again");
        assertThat(json.get("content").get("replyTo").asText())
                .isEqualTo(first.id().toString());
        assertThat(json.get("name").asText()).isEqualTo("ada");
    }

    @Test
    void firstEntryHasNullPrevAndNoNameWhenUnknown() {
        Entry first = Entry.sign(author, 1, null, 1L, Kind.POST, Contents.post("hi", null, List.of()));

        ObjectNode json = EntryJson.toJson(first);

        assertThat(json.get("prev").isNull()).isTrue();
        assertThat(json.has("name")).isFalse();
    }

    @Test
    void postRequestParsesTextAndReplyTo() {
        Entry first = Entry.sign(author, 1, null, 1L, Kind.POST, Contents.post("hi", null, List.of()));

        PostRequest req = PostRequest.parseJson("{\"text\":\"yo\",\"replyTo\":\"" + first.id() + "\"}");

        assertThat(req.text()).isEqualTo("yo");
        assertThat(req.replyTo()).isEqualTo(first.id());
        assertThat(PostRequest.parseJson("{\"text\":\"yo\"}").replyTo()).isNull();
    }

    @Test
    void postRequestRejectsBadShapesWithAReason() {
        assertThatThrownBy(() -> PostRequest.parseJson("{\"text\":")).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> PostRequest.parseJson("")).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> PostRequest.parseJson("[1]")).hasMessageContaining("expected an object");
        assertThatThrownBy(() -> PostRequest.parseJson("{}")).hasMessageContaining("\"text\" is required");
        assertThatThrownBy(() -> PostRequest.parseJson("{\"text\":5}")).hasMessageContaining("must be a string");
        assertThatThrownBy(() -> PostRequest.parseJson("{\"text\":\"x\",\"replyTo\":\"nope\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an entry id");
    }
}
