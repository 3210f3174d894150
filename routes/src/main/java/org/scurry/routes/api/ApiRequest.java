package org.scurry.routes.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One API request, read from a platform-http exchange. Query parameters are parsed from the raw
 * query string here (not taken from Camel headers, where a query parameter could shadow a real
 * header such as Authorization or the path parameter).
 */
public final class ApiRequest {
    /** The header that names the account a request acts as, like {@code ?as=NAME}. */
    public static final String ACT_AS_HEADER = "X-Scurry-As";

    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final String authorization;
    private final byte[] body;
    private final String pathParam;
    private final String actingAs;
    private final String contentType;

    ApiRequest(
            String method,
            String path,
            Map<String, String> query,
            String authorization,
            byte[] body,
            String pathParam,
            String actingAs,
            String contentType) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.authorization = authorization;
        this.body = body;
        this.pathParam = pathParam;
        this.actingAs = actingAs;
        this.contentType = contentType;
    }

    /**
     * Reads the request from an exchange whose route was registered for {@code pathTemplate}: when
     * the template holds {@code {id}}, the segment of the request path at that place is the path
     * parameter.
     */
    static ApiRequest from(Exchange exchange, String pathTemplate) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String path = in.getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || path.isEmpty()) {
            path = in.getHeader(Exchange.HTTP_URI, "", String.class);
            int q = path.indexOf('?');
            path = q < 0 ? path : path.substring(0, q);
        }
        Map<String, String> query = parseQuery(in.getHeader(Exchange.HTTP_RAW_QUERY, String.class));
        // platform-http merges query parameters into the headers: a token sent in the URL (where
        // logs and browser history keep it) must not pass for the Authorization header.
        Object auth = in.getHeader("Authorization");
        boolean shadowed = query.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
        String authorization = auth == null ? null : auth instanceof String s && !shadowed ? s : "";
        return new ApiRequest(
                method.toUpperCase(java.util.Locale.ROOT),
                path,
                query,
                authorization,
                in.getBody(byte[].class),
                pathParam(pathTemplate, path),
                actingAs(query, in.getHeader(ACT_AS_HEADER)),
                contentType(query, in.getHeader(Exchange.CONTENT_TYPE)));
    }

    /** The Content-Type header; one that a query parameter of its name stands in for is not JSON. */
    private static String contentType(Map<String, String> query, Object header) {
        boolean shadowed = query.keySet().stream().anyMatch(Exchange.CONTENT_TYPE::equalsIgnoreCase);
        if (header == null) {
            return null;
        }
        return header instanceof String s && !shadowed ? s : "(given twice)";
    }

    /** {@code ?as=NAME} or the header {@code X-Scurry-As: NAME}; both may be given only if they agree. */
    private static String actingAs(Map<String, String> query, Object header) {
        String fromQuery = query.get("as");
        // A query parameter of the header's name lands among the headers too: only ?as= counts.
        boolean shadowed = query.keySet().stream().anyMatch(ACT_AS_HEADER::equalsIgnoreCase);
        String fromHeader = header instanceof String h && !shadowed && !h.isBlank() ? h.strip() : null;
        if (fromQuery != null && fromHeader != null && !fromQuery.equals(fromHeader)) {
            throw ApiException.badRequest(
                    "?as=" + fromQuery + " and " + ACT_AS_HEADER + ": " + fromHeader + " name different accounts");
        }
        String as = fromQuery != null ? fromQuery : fromHeader;
        if (as != null && as.isEmpty()) {
            throw ApiException.badRequest("?as= needs an account name");
        }
        return as;
    }

    private static String pathParam(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        for (int i = 0; i < t.length && i < p.length; i++) {
            if (t[i].startsWith("{")) {
                return URLDecoder.decode(p[i], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (params.putIfAbsent(name, value) != null) {
                throw ApiException.badRequest("query parameter given twice: " + name);
            }
        }
        return params;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** The Authorization header; "" when it was sent more than once; null when absent. */
    public String authorization() {
        return authorization;
    }

    /** The body bytes; empty when none was sent. */
    public byte[] body() {
        return body == null ? new byte[0] : body;
    }

    /** The account the request acts as ({@code ?as=} or {@value #ACT_AS_HEADER}); null for the node itself. */
    public String actingAs() {
        return actingAs;
    }

    /** The request's Content-Type; null when none was sent. */
    public String contentType() {
        return contentType;
    }

    /** The {@code {id}} segment of the path, URL-decoded; null for paths without one. */
    public String pathParam() {
        return pathParam;
    }
}
