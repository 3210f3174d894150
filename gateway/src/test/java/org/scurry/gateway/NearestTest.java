package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestTest {
    private static final List<String> COMMANDS = List.of("post", "follow", "following", "status", "timeline", "help");

    @Test
    void aLetterAddedDroppedChangedOrSwappedFindsTheCommand() {
        assertThat(Nearest.to("pots", COMMANDS)).contains("post");
        assertThat(Nearest.to("folow", COMMANDS)).contains("follow");
        assertThat(Nearest.to("followingg", COMMANDS)).contains("following");
        assertThat(Nearest.to("stauts", COMMANDS)).contains("status");
        assertThat(Nearest.to("timelin", COMMANDS)).contains("timeline");
        assertThat(Nearest.to("POST", COMMANDS)).contains("post");
    }

    @Test
    void aWordFarFromEveryNameIsNoSuggestion() {
        assertThat(Nearest.to("frobnicate", COMMANDS)).isEmpty();
        assertThat(Nearest.to("x", COMMANDS)).isEmpty();
        assertThat(Nearest.to("-a", List.of("-h", "--help", "-n")))
                .as("one letter that differs")
                .isEmpty();
    }

    @Test
    void theCloseCandidateWinsOverAShorterOneEquallyFar() {
        // "--help" is as many edits away from "--reply" as "--reply-to", but too far for its length.
        assertThat(Nearest.to("--reply", List.of("--help", "--json", "--reply-to")))
                .contains("--reply-to");
    }

    @Test
    void settingKeysFindTheirTypo() {
        assertThat(KnownSettings.nearest("scurry.htpp.port")).contains("scurry.http.port");
        assertThat(KnownSettings.nearest("scury.peers")).contains("scurry.peers");
        assertThat(KnownSettings.nearest("scurry.xmpp.pasword")).contains("scurry.xmpp.password");
        assertThat(KnownSettings.nearest("scurry.mqtt.dedup-window")).contains("scurry.mqtt.dedup-window-seconds");
        assertThat(KnownSettings.nearest("totally.unrelated")).isEmpty();
    }

    @Test
    void distanceCountsATranspositionAsOne() {
        assertThat(Nearest.distance("htpp", "http")).isEqualTo(1);
        assertThat(Nearest.distance("abc", "abc")).isZero();
        assertThat(Nearest.distance("", "abc")).isEqualTo(3);
        assertThat(Nearest.distance("kitten", "sitting")).isEqualTo(3);
    }
}
