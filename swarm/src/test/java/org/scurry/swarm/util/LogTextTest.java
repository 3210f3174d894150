package org.scurry.swarm.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void plainValuesPassUnchanged() {
        assertThat(LogText.of("alice@example.org")).isEqualTo("alice@example.org");
        assertThat(LogText.of("scurry/post/ada")).isEqualTo("scurry/post/ada");
        assertThat(LogText.of("grüße 🐿")).isEqualTo("grüße 🐿");
        assertThat(LogText.of(null)).isEqualTo("null");
        assertThat(LogText.of(42)).isEqualTo("42");
    }

    @Test
    void lineBreaksAndControlCharactersCannotStartAForgedLine() {
        String forged = "bob\r\n12:00:00.000 ERROR GatewayMain - forged";
        assertThat(LogText.of(forged))
                .isEqualTo("bob\\r\\n12:00:00.000 ERROR GatewayMain - forged")
                .doesNotContain("\n")
                .doesNotContain("\r");
        assertThat(LogText.of("a\tb\u0000c\u001bd\u007fe\u0085f\u2028g\u2029h"))
                .isEqualTo("a\\tb\\u0000c\\u001Bd\\u007Fe\\u0085f\\u2028g\\u2029h");
        // a backslash is doubled, so "\n" in the log always was a line break, never typed as such
        assertThat(LogText.of("C:\\new")).isEqualTo("C:\\\\new");
    }

    @Test
    void longValuesAreCutAndSaySo() {
        String huge = "x".repeat(65_535);
        String logged = LogText.of(huge);
        assertThat(logged).startsWith("x".repeat(LogText.MAX_CHARS)).endsWith("…(65335 more chars)");
        assertThat(LogText.of("\n".repeat(300))).hasSize(2 * LogText.MAX_CHARS + "…(100 more chars)".length());
    }
}
