package org.scurry.swarm.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Profile;

/** The rules of a profile's content (docs/entry-format.md, "Profiles"). */
class ProfileRulesTest {

    @Test
    void aProfileWithinTheRulesIsWrittenAndReadBackField() {
        Profile p = new Profile("Ada", "Counts things.\nAnd more.", "https://example.org/ada").check();
        byte[] content = Contents.profile(p);
        assertThat(new String(content, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"name\":\"Ada\",\"bio\":\"Counts things.\\nAnd more.\",\"link\":\"https://example.org/ada\"}");
        assertThat(Profile.parse(content)).isEqualTo(p);
    }

    @Test
    void eachBrokenRuleIsRefusedNamingIt() {
        assertThatThrownBy(() -> new Profile("x".repeat(Profile.MAX_NAME + 1), null, null).check())
                .hasMessageContaining("name must be at most 64 characters: 65");
        assertThatThrownBy(() -> new Profile("two\nlines", null, null).check())
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> new Profile(null, "b".repeat(Profile.MAX_BIO + 1), null).check())
                .hasMessageContaining("bio must be at most 500");
        assertThatThrownBy(() -> new Profile(null, null, "javascript:alert(1)").check())
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> new Profile(null, null, "ftp://example.org/").check())
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> new Profile(null, null, "https:///nohost").check())
                .hasMessageContaining("host");
        assertThatThrownBy(() -> new Profile(null, null, "https://example.org/a b").check())
                .hasMessageContaining("spaces");
        assertThatThrownBy(() -> new Profile(null, null, "https://example.org/" + "a".repeat(300)).check())
                .hasMessageContaining("at most 300");
    }

    @Test
    void anUpdateKeepsTheFieldsItDoesNotSetAndAnEmptyStringClearsOne() {
        Profile current = new Profile("Ada", "bio", "http://example.org");
        assertThat(current.with(new Profile(null, "new bio", null)))
                .isEqualTo(new Profile("Ada", "new bio", "http://example.org"));
        assertThat(current.with(new Profile(" Ada L. ", null, ""))).isEqualTo(new Profile("Ada L.", "bio", null));
    }

    @Test
    void receivedContentKeepsOnlyFieldsThatMeetTheRules() {
        String json =
                "{\"name\":\"" + "n".repeat(100) + "\",\"bio\":\"ok\",\"link\":\"javascript:x\",\"extra\":{\"a\":1}}";
        assertThat(Profile.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new Profile(null, "ok", null));
        assertThat(Profile.parse("{\"name\":7}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Profile.EMPTY);
        assertThat(Profile.parse("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(Profile.EMPTY);
    }
}
