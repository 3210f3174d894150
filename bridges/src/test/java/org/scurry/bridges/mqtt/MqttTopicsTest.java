package org.scurry.bridges.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MqttTopicsTest {
    private final MqttTopics topics = new MqttTopics("home/scurry");

    @Test
    void namesTheTopicsUnderThePrefix() {
        assertThat(topics.postFilter()).isEqualTo("home/scurry/post/+");
        assertThat(topics.post("ada")).isEqualTo("home/scurry/post/ada");
        assertThat(topics.timeline("ada")).isEqualTo("home/scurry/timeline/ada");
        assertThat(topics.error("ada")).isEqualTo("home/scurry/error/ada");
    }

    @Test
    void accountOfPostTopicIsOneLevel() {
        assertThat(topics.accountOfPost("home/scurry/post/ada")).contains("ada");
        assertThat(topics.accountOfPost("home/scurry/post/ada/x")).isEmpty();
        assertThat(topics.accountOfPost("home/scurry/post/")).isEmpty();
        assertThat(topics.accountOfPost("scurry/post/ada")).isEmpty();
    }

    @Test
    void prefixWithWildcardsOrSlashesIsRefused() {
        assertThatThrownBy(() -> new MqttTopics("a/#")).hasMessageContaining("a/#");
        assertThatThrownBy(() -> new MqttTopics("a/")).hasMessageContaining("a/");
    }
}
