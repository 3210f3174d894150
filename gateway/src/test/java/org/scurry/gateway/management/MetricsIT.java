package org.scurry.gateway.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.gateway.GatewayProcess;
import org.scurry.gateway.mqtt.MosquittoProcess;
import org.scurry.gateway.mqtt.PahoDevice;
import org.scurry.routes.xmpp.ProsodyServer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.spi.NodeMeter;

/**
 * Health and metrics of a real gateway process, scraped and parsed ({@link PrometheusText}) while a
 * second node (in this JVM, on TCP and H2) is caught up from and a Paho client posts over MQTT:
 * the counters must equal what was sent. And readiness following an external broker that stops and
 * comes back (Mosquitto).
 */
class MetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENTRIES = 600;
    private static final int POSTS = 60;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** The remote node's own count of what it sent. */
    private static final class SentCount implements NodeMeter {
        final AtomicLong sent = new AtomicLong();

        @Override
        public void sent(int entries) {
            sent.addAndGet(entries);
        }
    }

    @Test
    void countersMatchACatchUpAndMqttPostsScrapedWhileTheyRun() throws Exception {
        SentCount remoteMeter = new SentCount();
        try (Node remote = Node.builder(
                                NodeConfig.defaults(dir.resolve("remote")).withListen("127.0.0.1", 0))
                        .meter(remoteMeter)
                        .start();
                GatewayProcess g = GatewayProcess.options(dir.resolve("gateway"))
                        .directJava()
                        .start()) {
            List<CompletableFuture<Entry>> posted = new ArrayList<>();
            for (int i = 1; i <= ENTRIES; i++) {
                posted.add(remote.postAsync(remote.id(), "entry " + i + " to catch up on", null));
            }
            posted.forEach(CompletableFuture::join);
            long remoteEntries = remote.store().latestSeq(remote.id());
            assertThat(remoteEntries).isEqualTo(ENTRIES);

            PrometheusText.Scrape before = scrape(g);
            assertThat(before.value("scurry_entries_received_total")).isZero();
            assertThat(before.value("scurry_bridge_messages_total", "bridge", "mqtt", "direction", "in"))
                    .isZero();
            assertThat(get(g.url() + "/metrics").statusCode())
                    .as("not on the API's port unless scurry.management.on-http")
                    .isEqualTo(404);

            String password = createAccount(g, "ada");

            // Scrape and probe all along, as Prometheus and a kubelet would.
            AtomicBoolean scraping = new AtomicBoolean(true);
            List<Throwable> scrapeFailures = new CopyOnWriteArrayList<>();
            AtomicLong scrapes = new AtomicLong();
            AtomicLong mostBehind = new AtomicLong();
            Thread scraper = new Thread(() -> {
                while (scraping.get()) {
                    try {
                        PrometheusText.Scrape s = scrape(g);
                        mostBehind.accumulateAndGet(
                                (long) s.value("scurry_catchup_lag_entries", "group", "followed"), Math::max);
                        assertThat(get(g.managementUrl() + "/health/ready").statusCode())
                                .isEqualTo(200);
                        scrapes.incrementAndGet();
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable t) {
                        scrapeFailures.add(t);
                    }
                }
            });
            scraper.start();
            try {
                call(g, "POST", "/api/follows", "{\"id\":\"" + remote.id() + "\"}");
                call(
                        g,
                        "POST",
                        "/api/peers",
                        "{\"address\":\"127.0.0.1:" + remote.swarmAddress().getPort() + "\"}");
                try (PahoDevice device = PahoDevice.connect(g.mqttPort(), "ada.sensor", "ada", password, true)) {
                    for (int i = 1; i <= POSTS; i++) {
                        device.publish("scurry/post/ada", "reading " + i);
                    }
                }
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            PrometheusText.Scrape s = scrape(g);
                            return s.value("scurry_entries_stored_total") == remoteEntries
                                    && s.value("scurry_bridge_messages_total", "bridge", "mqtt", "direction", "in")
                                            == POSTS
                                    && s.value("scurry_entries_received_total") == remoteMeter.sent.get();
                        });
            } finally {
                scraping.set(false);
                scraper.join(30_000);
            }
            assertThat(scrapeFailures)
                    .as("every scrape parsed and every probe was ready")
                    .isEmpty();
            assertThat(scrapes.get()).isPositive();

            // Each entry is published on its feed topic (at least) as the MQTT route gets to it.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> scrape(g).value("scurry_bridge_messages_total", "bridge", "mqtt", "direction", "out")
                            >= ENTRIES + POSTS);
            assertThat(get(g.url() + "/feeds/" + remote.id() + ".atom").statusCode())
                    .isEqualTo(200);
            assertThat(get(g.url() + "/feeds/@" + "A".repeat(43) + ".atom").statusCode())
                    .isEqualTo(404);
            PrometheusText.Scrape s = scrape(g);
            assertThat(s.value("scurry_bridge_messages_total", "bridge", "feeds", "direction", "out"))
                    .isEqualTo(1);
            assertThat(s.value("scurry_bridge_refused_total", "bridge", "feeds", "reason", "not_found"))
                    .isEqualTo(1);
            double received = s.value("scurry_entries_received_total");
            double refused = s.find("scurry_entries_refused_total").stream()
                    .mapToDouble(PrometheusText.Sample::value)
                    .sum();
            assertThat(received).as("received = what the other node sent").isEqualTo(remoteMeter.sent.get());
            assertThat(refused).as("nothing refused").isZero();
            assertThat(s.value("scurry_entries_verified_total")).isEqualTo(received);
            assertThat(s.value("scurry_entries_stored_total")).isEqualTo(ENTRIES);
            assertThat(s.value("scurry_entries_duplicate_total")).isEqualTo(received - ENTRIES);
            assertThat(s.value("scurry_bridge_messages_total", "bridge", "mqtt", "direction", "in"))
                    .isEqualTo(POSTS);
            assertThat(s.find("scurry_bridge_refused_total", "bridge", "mqtt")).isEmpty();
            assertThat(s.value("scurry_peers")).isEqualTo(1);
            assertThat(s.value("scurry_store_entries")).isGreaterThanOrEqualTo(ENTRIES + POSTS);
            assertThat(s.value("scurry_store_size_bytes")).isPositive();
            assertThat(s.value("scurry_store_append_seconds_count")).isPositive();
            assertThat(s.type("scurry_store_append_seconds")).isEqualTo("histogram");
            assertThat(s.value("scurry_catchup_feeds", "group", "followed")).isEqualTo(1);
            assertThat(s.value("scurry_catchup_lag_entries", "group", "followed"))
                    .isZero();
            assertThat(s.value("scurry_ready")).isEqualTo(1);
            assertThat(s.find("camel_exchanges_total", "routeId", "mqtt-posts"))
                    .as("camel-micrometer's route policy counts the routes")
                    .singleElement()
                    .extracting(PrometheusText.Sample::value)
                    .isEqualTo((double) POSTS);
            assertThat(s.find("jvm_memory_used_bytes")).isNotEmpty();
            System.out.printf(
                    "MetricsIT: %d scrapes during the run; catch-up lag seen at most %d entries%n",
                    scrapes.get(), mostBehind.get());

            HttpResponse<String> ready = get(g.managementUrl() + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode checks = JSON.readTree(ready.body()).path("checks");
            assertThat(checks.path("store").asText()).isEqualTo("ok");
            assertThat(checks.path("swarm").asText()).isEqualTo("ok");
            assertThat(checks.path("mqtt").asText()).isEqualTo("ok");
            assertThat(get(g.managementUrl() + "/health/live").statusCode()).isEqualTo(200);
            assertThat(statusLine(g.managementUrl(), "/metrics", "attacker.example"))
                    .as("the Host check guards it too (DNS rebinding)")
                    .startsWith("HTTP/1.1 421");
        }
    }

    @Test
    void readinessFollowsAnExternalBrokerThatStopsAndComesBack() throws Exception {
        String gatewayPassword = "gateway-secret-" + System.nanoTime();
        try (MosquittoProcess mosquitto = MosquittoProcess.start(
                        dir,
                        List.of("scurry-gateway", gatewayPassword),
                        List.of("user scurry-gateway", "topic readwrite scurry/#"));
                GatewayProcess g = GatewayProcess.options(dir.resolve("gateway"))
                        .directJava()
                        .withoutMqtt()
                        .config("scurry.mqtt.url=" + mosquitto.url())
                        .config("scurry.mqtt.username=scurry-gateway")
                        .config("scurry.mqtt.password=" + gatewayPassword)
                        .config("scurry.management.on-http=true")
                        .start()) {
            assertThat(get(g.url() + "/health/live").statusCode())
                    .as("scurry.management.on-http serves them on the API's port too")
                    .isEqualTo(200);
            assertThat(get(g.url() + "/metrics").statusCode()).isEqualTo(200);
            String ready = g.managementUrl() + "/health/ready";
            await().atMost(Duration.ofSeconds(60)).until(() -> get(ready).statusCode() == 200);

            mosquitto.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> get(ready).statusCode() == 503);
            HttpResponse<String> down = get(ready);
            assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
            JsonNode checks = JSON.readTree(down.body()).path("checks");
            assertThat(checks.path("mqtt").asText()).isEqualTo("not connected to the MQTT broker");
            assertThat(checks.path("store").asText()).isEqualTo("ok");
            assertThat(get(g.managementUrl() + "/health/live").statusCode()).isEqualTo(200);

            mosquitto.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> get(ready).statusCode() == 200);
            assertThat(g.log()).doesNotContain(gatewayPassword);
        }
    }

    @Test
    void readinessFollowsTheXmppBotsLogin() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.create(dir.resolve("prosody"), "localhost")) {
            prosody.register("scurry", "bot-pw");
            prosody.start();
            try (GatewayProcess g = GatewayProcess.options(dir.resolve("gateway"))
                    .directJava()
                    .withoutMqtt()
                    .config("scurry.xmpp.enabled=true")
                    .config("scurry.xmpp.host=127.0.0.1")
                    .config("scurry.xmpp.port=" + prosody.port())
                    .config("scurry.xmpp.domain=localhost")
                    .config("scurry.xmpp.password=bot-pw")
                    .config("scurry.xmpp.tls.accept-self-signed=true")
                    .config("scurry.xmpp.reconnect-max-seconds=2")
                    .start()) {
                String ready = g.managementUrl() + "/health/ready";
                await().atMost(Duration.ofSeconds(60)).until(() -> get(ready).statusCode() == 200);
                assertThat(JSON.readTree(get(ready).body())
                                .path("checks")
                                .path("xmpp")
                                .asText())
                        .isEqualTo("ok");
                assertThat(JSON.readTree(get(ready).body()).path("checks").has("mqtt"))
                        .as("a bridge that is off is not checked")
                        .isFalse();

                prosody.kill();
                await().atMost(Duration.ofSeconds(60)).until(() -> get(ready).statusCode() == 503);
                assertThat(JSON.readTree(get(ready).body())
                                .path("checks")
                                .path("xmpp")
                                .asText())
                        .isEqualTo("the XMPP bot is not logged in");

                prosody.start();
                await().atMost(Duration.ofSeconds(120)).until(() -> get(ready).statusCode() == 200);
            }
        }
    }

    private PrometheusText.Scrape scrape(GatewayProcess g) throws Exception {
        HttpResponse<String> r = get(g.managementUrl() + "/metrics");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        return PrometheusText.parse(r.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(GatewayProcess g, String method, String path, String body) throws Exception {
        HttpResponse<String> r = g.api(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    private String createAccount(GatewayProcess g, String name) throws Exception {
        return call(g, "POST", "/api/accounts", "{\"name\":\"" + name + "\"}")
                .path("mqttPassword")
                .asText();
    }

    /** The status line of a GET with any {@code Host} (the JDK's client refuses to set one). */
    private static String statusLine(String base, String path, String host) throws Exception {
        URI u = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
