package org.scurry.gateway.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What the gateway's HTTP server allows a client (README "Defaults and files", {@code
 * scurry.http.*}).
 *
 * @param headerTimeout how long a connection may take to send a complete request head, counted from
 *     when it opened or its previous answer was sent: a client that trickles headers (slowloris) or
 *     keeps an idle connection is closed after it
 * @param bodyTimeout how long a request body may take to arrive in full, from the end of its head
 * @param maxConnections open connections at most; more are closed at once
 * @param maxConnectionsPerAddress open connections from one IP address at most
 * @param maxBodyBytes the largest request body read; a larger one is answered 413
 * @param allowedHosts host names a request's {@code Host} may name besides IP address literals;
 *     {@code *} allows any (see {@link HostCheck})
 */
public record HttpLimits(
        Duration headerTimeout,
        Duration bodyTimeout,
        int maxConnections,
        int maxConnectionsPerAddress,
        long maxBodyBytes,
        Set<String> allowedHosts) {

    public HttpLimits {
        if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "HTTP time-outs must be positive: " + headerTimeout + ", " + bodyTimeout);
        }
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("HTTP limits must be at least 1");
        }
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /** A {@code Host} header's (or a configured) name: lower case, without port or trailing dot. */
    public static String hostName(String header) {
        String h = header.trim().toLowerCase(Locale.ROOT);
        int colon = h.startsWith("[") ? h.indexOf(':', Math.max(h.indexOf(']'), 0)) : h.lastIndexOf(':');
        if (colon >= 0 && (h.startsWith("[") || h.indexOf(':') == colon)) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
