package org.scurry.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers only requests whose {@code Host} names this server: an IP address literal, or one of the
 * allowed names ({@code localhost} by default, plus {@code scurry.http.allowed-hosts}); anything
 * else gets {@code 421 Misdirected Request} and {@code {"error": …}}.
 *
 * <p>Why: a web page can point a name of its own at 127.0.0.1 after the browser loaded it (DNS
 * rebinding); the browser then takes the node's API for the page's own origin and lets the page
 * read it, but still sends the page's name as {@code Host}. An IP literal cannot be rebound, so it
 * is always accepted (a server bound to a LAN address answers requests to that address). The
 * allowed set {@code *} turns the check off, for a reverse proxy that rewrites {@code Host}.
 * Stateless; runs on the event loop.
 */
final class HostCheck implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(HostCheck.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._-]+)?]");

    private final Set<String> allowed;
    private final boolean any;

    /** {@code allowed}: lower-case host names, without ports; {@code *} for any. */
    HostCheck(Set<String> allowed) {
        this.allowed = allowed;
        this.any = allowed.contains("*");
    }

    @Override
    public void handle(RoutingContext ctx) {
        List<String> hosts = ctx.request().headers().getAll(HttpHeaders.HOST);
        String refusal = any ? null : refusal(hosts);
        if (refusal == null) {
            ctx.next();
            return;
        }
        LOG.debug(
                "{} {} refused: {}",
                ctx.request().method(),
                LogText.of(ctx.request().path()),
                LogText.of(refusal));
        JsonErrors.end(ctx.response(), 421, refusal);
    }

    /** Why the request is refused; null when its Host is served here. */
    String refusal(List<String> hosts) {
        if (hosts.isEmpty()) {
            return "the request has no Host header";
        }
        if (hosts.size() > 1) {
            return "the request has " + hosts.size() + " Host headers";
        }
        String name = HttpLimits.hostName(hosts.get(0));
        if (IPV4.matcher(name).matches() || IPV6.matcher(name).matches() || allowed.contains(name)) {
            return null;
        }
        return "this node does not serve the host " + hosts.get(0)
                + ": use its IP address or localhost, or list the name in scurry.http.allowed-hosts";
    }
}
