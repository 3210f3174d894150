package org.scurry.bridges.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the API and MQTT accept as a post body: one JSON object of Unicode text, nothing after it. */
class PostRequestTest {
    private static PostRequest parse(String json) {
        return PostRequest.parseJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWellFormedBodyIsRead() {
        assertThat(parse("{\"text\": \"hi 🐿 \\ud83d\\udc3f\"}\n ").text()).isEqualTo("hi 🐿 🐿");
    }

    @Test
    void contentAfterTheObjectIsRefused() {
        assertThatThrownBy(() -> parse("{\"text\":\"x\"} junk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> parse("{\"text\":\"x\"}{\"text\":\"y\"}")).hasMessageStartingWith("malformed JSON");
    }

    @Test
    void anUnpairedSurrogateIsRefusedNotTurnedIntoAQuestionMark() {
        assertThatThrownBy(() -> parse("{\"text\":\"a\\ud800b\"}"))
                .hasMessage(
                        "malformed JSON: the string at /text holds an unpaired surrogate \\uD800: not Unicode text");
        assertThatThrownBy(() -> parse("{\"text\":\"x\", \"extra\": [\"\\udc00\"]}"))
                .hasMessageContaining("/extra/0");
        assertThatThrownBy(() -> parse("{\"text\":\"\\ud83d\"}")).hasMessageContaining("\\uD83D");
        assertThatThrownBy(() -> parse("{\"\\ud800\":\"x\", \"text\":\"y\"}")).hasMessageContaining("field name");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAlsoWhereJacksonWouldReadThem() {
        byte[] overlongNul = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        byte[] encodedSurrogate = {
            '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
        };
        for (byte[] body : new byte[][] {overlongNul, encodedSurrogate}) {
            assertThatThrownBy(() -> PostRequest.parseJson(body))
                    .hasMessage("malformed JSON: the body is not UTF-8 text");
        }
    }
}
