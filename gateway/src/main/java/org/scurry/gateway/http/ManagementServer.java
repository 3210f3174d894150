package org.scurry.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener: {@code /health/live}, {@code /health/ready} and {@code /metrics} on an
 * address and port of their own ({@code scurry.management.*}, loopback by default), apart from the
 * API and feeds, so that an operator can expose the one without the other (docs/operations.md).
 * The same guards as the main server: the {@code Host} check, head and body time-outs and the
 * connection caps ({@link HttpLimits}). A Vert.x of its own with one event loop, so a busy API does
 * not delay a probe. {@link #start} blocks until the port is bound and throws when it cannot be.
 */
public final class ManagementServer extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final String host;
    private final int port;
    private final HttpLimits limits;
    private final Consumer<Router> routes;
    private Vertx vertx;
    private volatile HttpServer server;

    /** {@code routes} mounts the endpoints on the server's router. */
    public ManagementServer(String host, int port, HttpLimits limits, Consumer<Router> routes) {
        this.host = host;
        this.port = port;
        this.limits = limits;
        this.routes = routes;
    }

    @Override
    protected void doStart() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        Router router = Router.router(vertx);
        router.route().order(Integer.MIN_VALUE).handler(new HostCheck(limits.allowedHosts()));
        router.route().failureHandler(new RequestFailures(limits.maxBodyBytes()));
        routes.accept(router);
        SlowClientGuard guard = new SlowClientGuard(vertx, limits);
        HttpServerOptions options = new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.max(
                                limits.headerTimeout().toSeconds(),
                                limits.bodyTimeout().toSeconds())
                        + 1)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        HttpServer s = vertx.createHttpServer(options).connectionHandler(guard::opened);
        s.requestHandler(guard.watching(router));
        try {
            server = s.listen(port, host)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException(
                    "cannot listen for health and metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        LOG.info("health and metrics on http://{}:{}/ (/health/live, /health/ready, /metrics)", host, getPort());
    }

    @Override
    protected void doStop() throws Exception {
        HttpServer s = server;
        server = null;
        try {
            if (s != null) {
                s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                vertx = null;
            }
        }
    }

    /** The bound port (the configured one until started). */
    public int getPort() {
        HttpServer s = server;
        return s != null ? s.actualPort() : port;
    }
}
