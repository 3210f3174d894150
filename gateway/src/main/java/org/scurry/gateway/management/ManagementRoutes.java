package org.scurry.gateway.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * The three management endpoints, mounted on a Vert.x router (the management listener's, and the
 * main server's when {@code scurry.management.on-http} is true):
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code {"status":"live"}} while the process answers at all;
 *   <li>{@code GET /health/ready}: 200 {@code {"status":"ready","checks":{...}}} when every {@link
 *       Readiness} check passes, else 503 with {@code Retry-After: 5} and what is wrong per check;
 *   <li>{@code GET /metrics}: the registry in Prometheus text format 0.0.4.
 * </ul>
 *
 * The health answers are computed on the event loop (each check is a volatile read); the scrape,
 * which may wait on the node's replication thread, runs on a worker thread.
 */
public final class ManagementRoutes implements Consumer<Router> {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;

    public ManagementRoutes(Readiness readiness, PrometheusMeterRegistry registry) {
        this.readiness = readiness;
        this.registry = registry;
    }

    @Override
    public void accept(Router router) {
        router.get("/health/live")
                .handler(ctx -> json(ctx, 200, JSON.createObjectNode().put("status", "live")));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").blockingHandler(ctx -> ctx.response()
                .putHeader("Content-Type", PROMETHEUS_TEXT)
                .putHeader("Cache-Control", "no-store")
                .end(registry.scrape()));
    }

    private void ready(RoutingContext ctx) {
        Readiness.Result r = readiness.check();
        ObjectNode body = JSON.createObjectNode().put("status", r.ready() ? "ready" : "not ready");
        ObjectNode checks = body.putObject("checks");
        for (String name : r.checked()) {
            checks.put(name, r.problems().getOrDefault(name, "ok"));
        }
        if (!r.ready()) {
            ctx.response().putHeader("Retry-After", "5");
        }
        json(ctx, r.ready() ? 200 : 503, body);
    }

    private static void json(RoutingContext ctx, int status, ObjectNode body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.toString());
    }
}
