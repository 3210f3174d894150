package org.scurry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.gateway.GatewayProcess;

/**
 * Whoever reaches the MQTT port cannot write a line of their own into the gateway's log: user
 * names, client ids and topics with CR/LF in them are sent to a real gateway process by a raw
 * MQTT client, and no line of its log may start with the forged text. The forged lines look like
 * the gateway's own ({@code HH:mm:ss.SSS LEVEL Logger - message}).
 */
class LogInjectionIT {
    private static final String FORGED = "\r\n12:00:00.000 ERROR GatewayMain - FORGED ";

    @TempDir
    Path dir;

    @Test
    void namesIdsAndTopicsWithLineBreaksCannotForgeALogLine() throws Exception {
        try (GatewayProcess g = GatewayProcess.options(dir.resolve("node")).start()) {
            String password = createAccount(g, "ada");
            int port = g.mqttPort();

            // a user name that is no account
            assertThatThrownBy(() -> RawMqttClient.connect(port, "x", "nobody" + FORGED + "user", "pw", true))
                    .hasMessageContaining("CONNACK return code 4");
            // the right password with a client id that is not ada's
            assertThatThrownBy(() -> RawMqttClient.connect(port, "ada.x" + FORGED + "client id", "ada", password, true))
                    .hasMessageContaining("CONNACK return code 4");
            // a publish on a topic that is refused
            try (RawMqttClient ada = RawMqttClient.connect(port, "ada.sensor", "ada", password, true)) {
                ada.publish("scurry/feed/x" + FORGED + "topic", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
                await().atMost(Duration.ofSeconds(30)).until(() -> g.log().contains("may not publish on"));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> g.log().contains("Authenticator has rejected")
                            && g.log().contains("may not use client id"));

            List<String> lines = g.log().lines().toList();
            assertThat(lines).as("lines of the log").noneMatch(l -> l.startsWith("12:00:00.000"));
            assertThat(lines)
                    .as("the refusals are logged, the line breaks escaped")
                    .anyMatch(l -> l.contains("nobody\\r\\n12:00:00.000 ERROR GatewayMain - FORGED user"))
                    .anyMatch(l -> l.contains("ada.x\\r\\n12:00:00.000 ERROR GatewayMain - FORGED client id"))
                    .anyMatch(l -> l.contains("scurry/feed/x\\r\\n12:00:00.000 ERROR GatewayMain - FORGED topic"));
        }
    }

    private static String createAccount(GatewayProcess g, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(g.url() + "/api/accounts"))
                                .header("Authorization", "Bearer " + g.token())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new ObjectMapper().readTree(r.body()).path("mqttPassword").asText();
    }
}
