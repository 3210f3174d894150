package org.scurry.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.scurry.bridges.json.EntryJson;

/**
 * What an API handler answers: an HTTP status, a JSON body and extra headers.
 *
 * @param status HTTP status code
 * @param body the JSON document sent back
 * @param headers extra response headers (Content-Type is always application/json)
 */
public record ApiResponse(int status, JsonNode body, Map<String, String> headers) {

    public static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body, Map.of());
    }

    public static ApiResponse of(int status, JsonNode body) {
        return new ApiResponse(status, body, Map.of());
    }

    /** {@code {"error": message}} with the given status. */
    public static ApiResponse error(int status, String message) {
        return new ApiResponse(status, EntryJson.MAPPER.createObjectNode().put("error", message), Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, body, Map.copyOf(h));
    }
}
