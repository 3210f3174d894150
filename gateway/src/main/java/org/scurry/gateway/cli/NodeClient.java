package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Talks to a node's JSON API over HTTP. Each call blocks until the answer; a 4xx/5xx answer throws
 * {@link Failure} with the node's {@code "error"} text, an unreachable node throws {@link
 * Failure} saying so. Writes need the token; reads send it when it can be read (it opens protected
 * posts the identity may read, docs/protected.md) and work without it.
 */
final class NodeClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Supplier<String> token;
    private final String actingAs;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A call that failed; the message is fit to show. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    NodeClient(String base, Supplier<String> token) {
        this(base, token, null);
    }

    /** A client acting as the hosted account {@code actingAs} (null: the node itself) on every call. */
    NodeClient(String base, Supplier<String> token, String actingAs) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.actingAs = actingAs;
    }

    String base() {
        return base;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), false);
    }

    JsonNode post(String path, JsonNode body) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                true);
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), true);
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static ObjectMapper json() {
        return JSON;
    }

    private URI uri(String path) {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new Failure("not a node URL: " + base);
        }
    }

    private JsonNode send(HttpRequest.Builder request, boolean write) {
        if (write) {
            request.header("Authorization", "Bearer " + token.get());
        } else {
            optionalToken().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        }
        if (actingAs != null) {
            request.header("X-Scurry-As", actingAs);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable();
        } catch (IOException e) {
            throw new Failure("cannot reach the Scurry node at " + base + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Failure("the node at " + base + " answered HTTP " + response.statusCode()
                    + " with something that is not JSON: is that a Scurry node?");
        }
        if (response.statusCode() >= 400) {
            String error = body != null && body.hasNonNull("error")
                    ? body.get("error").asText()
                    : "HTTP " + response.statusCode();
            throw new Failure(error + " (HTTP " + response.statusCode() + ")");
        }
        return body;
    }

    /** The token when it can be read (a read without one shows protected posts sealed). */
    private java.util.Optional<String> optionalToken() {
        try {
            return java.util.Optional.ofNullable(token.get());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private Failure unreachable() {
        return new Failure(
                "cannot reach the Scurry node at " + base + ": is `" + UsageMessages.program() + " gateway` running?");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
