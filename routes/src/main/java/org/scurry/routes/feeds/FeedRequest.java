package org.scurry.routes.feeds;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.scurry.bridges.feeds.FeedFormat;

/**
 * A feed request read from a platform-http exchange: the last path segment split into name and
 * format ({@code NAME.atom}), the query parameters (parsed from the raw query string, never from
 * Camel headers where a query parameter could pose as a header), the conditional headers and the
 * base URL that links in the document start with.
 */
final class FeedRequest {
    /** What the request's authority may hold to be echoed into links: host name or address, port. */
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,255}");

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    final String name;
    final FeedFormat format;
    final Map<String, String> query;
    final String ifNoneMatch;
    final String ifModifiedSince;
    final String baseUrl;

    private FeedRequest(
            String name,
            FeedFormat format,
            Map<String, String> query,
            String ifNoneMatch,
            String ifModifiedSince,
            String baseUrl) {
        this.name = name;
        this.format = format;
        this.query = query;
        this.ifNoneMatch = ifNoneMatch;
        this.ifModifiedSince = ifModifiedSince;
        this.baseUrl = baseUrl;
    }

    /**
     * Reads the request. {@code configuredBase} (e.g. {@code https://gw.example}) wins over the
     * request URL's scheme and authority when set. Throws {@link FeedError} 404 for a file name without a known extension.
     */
    static FeedRequest from(Exchange exchange, String configuredBase) {
        Message in = exchange.getMessage();
        String path = in.getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || path.isEmpty()) {
            path = in.getHeader(Exchange.HTTP_URI, "", String.class);
            int q = path.indexOf('?');
            path = q < 0 ? path : path.substring(0, q);
        }
        String file = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        int dot = file.lastIndexOf('.');
        FeedFormat format =
                dot < 0 ? null : FeedFormat.byExtension(file.substring(dot + 1)).orElse(null);
        if (format == null) {
            throw new FeedError(404, "no such feed document: " + path + " (feeds end in .atom or .rss)");
        }
        return new FeedRequest(
                file.substring(0, dot),
                format,
                parseQuery(in.getHeader(Exchange.HTTP_RAW_QUERY, String.class)),
                header(in, "If-None-Match"),
                header(in, "If-Modified-Since"),
                configuredBase != null ? configuredBase : baseOf(header(in, Exchange.HTTP_URL)));
    }

    private static String header(Message in, String name) {
        Object v = in.getHeader(name);
        return v instanceof String s ? s : null;
    }

    /**
     * {@code scheme://host[:port]} of the request URL (built by the HTTP server from the Host
     * header); {@code http://localhost} when that is missing or holds anything unusual.
     */
    private static String baseOf(String requestUrl) {
        try {
            java.net.URI uri = java.net.URI.create(requestUrl);
            String scheme = uri.getScheme();
            String authority = uri.getRawAuthority();
            if (("http".equals(scheme) || "https".equals(scheme))
                    && authority != null
                    && SAFE_HOST.matcher(authority).matches()) {
                return scheme + "://" + authority;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // fall through
        }
        return "http://localhost";
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (params.putIfAbsent(key, value) != null) {
                throw new FeedError(400, "query parameter given twice: " + key);
            }
        }
        return params;
    }

    /** {@code limit}: 50 when absent, at most 200; 400 when not a positive number. */
    int limit() {
        String raw = query.get("limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1) {
                return Math.min(n, MAX_LIMIT);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new FeedError(400, "limit must be a whole number from 1 to " + MAX_LIMIT + ": " + raw);
    }

    /** {@code before} for a feed: a sequence number ≥ 1, or null when absent. */
    Long beforeSeq() {
        String raw = query.get("before");
        if (raw == null) {
            return null;
        }
        try {
            long seq = Long.parseLong(raw.trim());
            if (seq >= 1) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new FeedError(400, "before must be a sequence number ≥ 1: " + raw);
    }

    String param(String key) {
        return query.get(key);
    }

    /** {@code base?k=v&…} with the non-null values URL-encoded, in the order given. */
    static String url(String base, String... keyValues) {
        StringBuilder b = new StringBuilder(base);
        char sep = '?';
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                b.append(sep)
                        .append(keyValues[i])
                        .append('=')
                        .append(URLEncoder.encode(keyValues[i + 1], StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return b.toString();
    }

    /** A path segment, percent-encoded (spaces as %20). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
