package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./scurry gateway}'s log as a service manager collects it (stderr of the process, in a
 * time zone with an offset): in the text layout every line starts with the date, time and offset;
 * in the JSON layout, chosen by SCURRY_LOG_FORMAT or by scurry.log.format in the config file,
 * every line is a JSON object with timestamp, level, logger and message. stdout keeps only the
 * "is up" line.
 */
class LogFormatIT {
    /** +05:30 all year: an offset that is neither Z nor a whole hour. */
    private static final String ZONE = "Asia/Kolkata";

    private static final String ISO_WITH_OFFSET = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+05:30";

    @TempDir
    Path dir;

    @Test
    void textLinesStartWithTheDateTimeAndOffset() throws Exception {
        Run run = runGateway(List.of(), Map.of("SCURRY_DAT", "/nowhere"));

        // A stack trace (Camel logs one as the node stops) goes on under its event's line.
        List<String> lines = run.stderr
                .lines()
                .filter(l -> !l.startsWith("\t") && !l.startsWith("Caused by: "))
                .filter(l -> !l.matches("[\\w.$]+(Exception|Error)(: .*)?"))
                .toList();
        assertThat(lines).hasSizeGreaterThan(3);
        assertThat(lines)
                .allSatisfy(l -> assertThat(l).matches(ISO_WITH_OFFSET + " (TRACE|DEBUG|INFO |WARN |ERROR) \\S+ - .*"));
        assertThat(run.stderr)
                .contains("WARN  GatewayMain - the environment variable SCURRY_DAT is not one Scurry reads: did you"
                        + " mean SCURRY_DATA?")
                .contains("INFO  Node - node @");
        assertStdoutIsTheStartUpLines(run);
    }

    @Test
    void jsonLinesFromTheEnvironmentParseAndCarryTheirFields() throws Exception {
        Run run = runGateway(List.of(), Map.of(LogFormat.ENV, "json"));

        List<JsonNode> events = json(run.stderr);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("logger").asText()).isEqualTo("org.scurry.swarm.Node");
            assertThat(e.path("message").asText()).startsWith("node @");
        });
        assertThat(events)
                .anySatisfy(e -> assertThat(e.path("message").asText()).endsWith("stopped"));
        assertStdoutIsTheStartUpLines(run);
    }

    @Test
    void jsonLinesFromTheConfigFileToo() throws Exception {
        Run run = runGateway(List.of("scurry.log.format=json"), Map.of());

        List<JsonNode> events = json(run.stderr);
        assertThat(events)
                .anySatisfy(e -> assertThat(e.path("message").asText()).startsWith("node @"));
    }

    /** Every line of {@code stderr} as JSON, each checked for the four fields. */
    private static List<JsonNode> json(String stderr) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : stderr.lines().toList()) {
            JsonNode e = mapper.readTree(line);
            assertThat(e.isObject()).as(line).isTrue();
            assertThat(e.path("timestamp").asText()).as(line).matches(ISO_WITH_OFFSET);
            OffsetDateTime.parse(e.path("timestamp").asText());
            assertThat(e.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(e.path("logger").asText()).as(line).isNotBlank();
            assertThat(e.path("message").asText()).as(line).isNotBlank();
            events.add(e);
        }
        assertThat(events).hasSizeGreaterThan(3);
        return events;
    }

    private record Run(String stdout, String stderr) {}

    /** Starts {@code ./scurry gateway} with these config lines and environment, waits until it is up, stops it. */
    private Run runGateway(List<String> config, Map<String, String> env) throws Exception {
        Path configFile = dir.resolve("gateway.properties");
        Files.write(configFile, config);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(
                        "./scurry",
                        "gateway",
                        "--no-lan", // outside a namespace: nothing on the real LAN
                        "--config",
                        configFile.toString(),
                        "--data",
                        dir.resolve("data").toString(),
                        "--http-port",
                        Integer.toString(GatewayProcess.freePort()),
                        "--swarm-port",
                        "0",
                        "--mqtt-port",
                        "0",
                        "--management-port",
                        "0")
                .directory(GatewayProcess.root().toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SCURRY_"));
        pb.environment().put("TZ", ZONE);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        assertThat(p.isAlive())
                                .as("the gateway died:%n%s", Files.readString(err))
                                .isTrue();
                        return Files.readString(out).contains(" is up: API ");
                    });
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Standard output holds what a person starting the node reads, and only that: the "is up" line
     * and, since this node runs alone (no peer, --no-lan), the note saying so; the log goes to
     * standard error in whatever format was asked.
     */
    private static void assertStdoutIsTheStartUpLines(Run run) {
        assertThat(run.stdout.lines().toList())
                .hasSize(2)
                .satisfiesExactly(up -> assertThat(up).contains(" is up: API "), alone -> assertThat(alone)
                        .startsWith("Note: this node is alone"));
    }
}
