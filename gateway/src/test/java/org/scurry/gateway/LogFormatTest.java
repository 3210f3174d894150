package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own log4j2.xml (not the tests' log4j2-test.xml), built as log4j builds it, with
 * scurry.log.format unset and set to json: each layout writes one line per event, with the date,
 * time and offset, and a CR or LF from outside cannot start a second line.
 */
class LogFormatTest {
    private static final Instant WHEN = Instant.parse("2026-12-07T19:05:47.666Z");
    private static final String FORGED = "user eve\r\n2026-12-07T19:05:48.000Z INFO  Node - forged \"line\"\u0007";

    @AfterEach
    void clearProperty() {
        System.clearProperty(LogFormat.PROPERTY);
    }

    @Test
    void textLinesStartWithTheDateTimeAndOffsetAndKeepCrLfInside() throws Exception {
        String line = render(event(null));

        assertThat(line).endsWith("\n");
        String body = line.substring(0, line.length() - 1);
        assertThat(body).doesNotContain("\n", "\r");
        assertThat(body)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN  Gossip - .*");
        assertThat(OffsetDateTime.parse(body.substring(0, body.indexOf(' '))).toInstant())
                .isEqualTo(WHEN);
        assertThat(body).contains("user eve\\r\\n2026-12-07T19:05:48.000Z INFO  Node - forged");
    }

    @Test
    void jsonLinesParseAndCarryTimestampLevelLoggerAndMessage() throws Exception {
        System.setProperty(LogFormat.PROPERTY, LogFormat.JSON);

        String line = render(event(new IllegalStateException("boom")));

        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).isEqualTo("org.scurry.swarm.replication.Gossip");
        assertThat(json.path("message").asText()).isEqualTo(FORGED);
        assertThat(json.path("thread").asText()).isEqualTo("main");
        String timestamp = json.path("timestamp").asText();
        assertThat(timestamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(OffsetDateTime.parse(timestamp).toInstant()).isEqualTo(WHEN);
        assertThat(json.path("exception").asText()).contains("IllegalStateException: boom", "at org.scurry");
    }

    @Test
    void withoutAnExceptionThereIsNoExceptionField() throws Exception {
        System.setProperty(LogFormat.PROPERTY, LogFormat.JSON);

        JsonNode json = new ObjectMapper().readTree(render(event(null)));

        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void theSettingTheEnvironmentAndTheirCheck() {
        Map<String, String> env = Map.of(LogFormat.ENV, "JSON");
        assertThat(GatewaySettings.load(null, new java.util.Properties(), env).logFormat())
                .isEqualTo("json");
        java.util.Properties p = new java.util.Properties();
        p.setProperty(GatewaySettings.LOG_FORMAT, "text");
        assertThat(GatewaySettings.load(null, p, env).logFormat())
                .as("the key wins")
                .isEqualTo("text");
        assertThat(GatewaySettings.load(null, new java.util.Properties(), Map.of())
                        .logFormat())
                .isEqualTo("text");
        p.setProperty(GatewaySettings.LOG_FORMAT, "xml");
        assertThatThrownBy(() -> GatewaySettings.load(null, p, env).logFormat())
                .hasMessage("scurry.log.format must be text or json: xml");
        assertThatThrownBy(() -> GatewaySettings.load(null, new java.util.Properties(), Map.of(LogFormat.ENV, "yaml"))
                        .logFormat())
                .hasMessage("SCURRY_LOG_FORMAT must be text or json: yaml");
    }

    private static LogEvent event(Throwable thrown) {
        return Log4jLogEvent.newBuilder()
                .setLoggerName("org.scurry.swarm.replication.Gossip")
                .setLevel(Level.WARN)
                .setMessage(new SimpleMessage(FORGED))
                .setThreadName("main")
                .setTimeMillis(WHEN.toEpochMilli())
                .setThrown(thrown)
                .build();
    }

    /** The event as the console appender of the gateway's log4j2.xml writes it. */
    private static String render(LogEvent event) throws Exception {
        java.net.URL main = LogFormatTest.class.getResource("/log4j2.xml");
        assertThat(main).as("the gateway's log4j2.xml on the class path").isNotNull();
        LoggerContext context = new LoggerContext("log-format-test");
        try {
            Configuration config = ConfigurationFactory.getInstance()
                    .getConfiguration(context, ConfigurationSource.fromUri(main.toURI()));
            config.initialize();
            Layout<?> layout = config.getAppender("stderr").getLayout();
            return new String(layout.toByteArray(event), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }
}
