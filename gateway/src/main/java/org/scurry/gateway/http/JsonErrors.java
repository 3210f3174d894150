package org.scurry.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import org.scurry.bridges.json.EntryJson;

/** Error answers written by the server itself, in the API's shape: {@code {"error": "…"}}. */
final class JsonErrors {
    private JsonErrors() {}

    /** Ends {@code response} with {@code status} and the error, unless it was already ended or closed. */
    static void end(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        String body;
        try {
            body = EntryJson.MAPPER.writeValueAsString(
                    EntryJson.MAPPER.createObjectNode().put("error", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(body);
    }
}
