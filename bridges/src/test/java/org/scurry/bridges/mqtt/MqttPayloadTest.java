package org.scurry.bridges.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.scurry.bridges.json.PostRequest;

class MqttPayloadTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainTextIsThePost() {
        assertThat(MqttPayload.parse(utf8("grüß dich, 22.5 °C\n")))
                .isEqualTo(new PostRequest("grüß dich, 22.5 °C\n", null));
    }

    @Test
    void jsonObjectGivesTextAndReplyTo() {
        PostRequest p = MqttPayload.parse(utf8(" {\"text\": \"hi\", \"n\": 2}"));
        assertThat(p.text()).isEqualTo("hi");
        assertThat(p.replyTo()).isNull();
    }

    @Test
    void repeatTrueMarksAnIntendedRepeat() {
        assertThat(MqttPayload.repeat(utf8("{\"text\": \"21.5 °C\", \"repeat\": true}")))
                .isTrue();
        assertThat(MqttPayload.repeat(utf8("{\"text\": \"21.5 °C\", \"repeat\": false}")))
                .isFalse();
        assertThat(MqttPayload.repeat(utf8("{\"text\": \"21.5 °C\"}"))).isFalse();
        assertThat(MqttPayload.repeat(utf8("21.5 °C repeat true"))).isFalse();
        assertThatThrownBy(() -> MqttPayload.repeat(utf8("{\"text\": \"x\", \"repeat\": 1}")))
                .hasMessageContaining("\"repeat\" must be true or false");
    }

    @Test
    void malformedJsonIsRefusedWithTheReason() {
        assertThatThrownBy(() -> MqttPayload.parse(utf8("{\"text\": ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> MqttPayload.parse(utf8("{\"txt\": \"a\"}")))
                .hasMessageContaining("\"text\" is required");
    }

    @Test
    void emptyAndBlankPayloadsAreRefused() {
        assertThatThrownBy(() -> MqttPayload.parse(new byte[0])).hasMessageStartingWith("empty payload");
        assertThatThrownBy(() -> MqttPayload.parse(utf8("  \n"))).hasMessageStartingWith("empty payload");
    }

    @Test
    void binaryGarbageIsRefused() {
        assertThatThrownBy(() -> MqttPayload.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41}))
                .hasMessage("payload is not UTF-8 text");
        assertThatThrownBy(() -> MqttPayload.parse(new byte[] {0x41, 0x00, 0x42}))
                .hasMessageContaining("control character (U+0000 at 1)");
    }

    @Test
    void oversizedPayloadIsRefusedWithItsSize() {
        assertThatThrownBy(() -> MqttPayload.parse(new byte[MqttPayload.MAX_BYTES + 1]))
                .hasMessageContaining((MqttPayload.MAX_BYTES + 1) + " bytes");
    }
}
