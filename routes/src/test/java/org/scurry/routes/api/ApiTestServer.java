package org.scurry.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Routes served over real HTTP on a free loopback port, as the gateway serves them, and a client
 * that sends a request with or without a bearer token and reads the JSON answer: what the API tests
 * of one part each start before their cases.
 */
final class ApiTestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    private ApiTestServer(CamelContext camel, String base) {
        this.camel = camel;
        this.base = base;
    }

    static ApiTestServer start(RoutesBuilder routes) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(0);
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        camel.addService(server);
        camel.addRoutes(routes);
        camel.start();
        return new ApiTestServer(camel, "http://127.0.0.1:" + server.getServer().actualPort());
    }

    String base() {
        return base;
    }

    /** Sends {@code body} (none when null) with {@code token} as the bearer (none when null). */
    Reply send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()), r.body());
    }

    @Override
    public void close() throws Exception {
        camel.close();
    }

    record Reply(int status, JsonNode json, String body) {
        String error() {
            assertThat(json.has("error")).as("error body: " + json).isTrue();
            return json.get("error").asText();
        }
    }
}
