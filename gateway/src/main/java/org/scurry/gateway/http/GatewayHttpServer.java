package org.scurry.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server: camel-platform-http's Vert.x server (the routes' {@code
 * platform-http:} endpoints land on it as before), listening with limits the stock server has no
 * settings for ({@link HttpLimits}):
 *
 * <ul>
 *   <li>time-outs for a request's head and body, and caps on open connections ({@link
 *       SlowClientGuard});
 *   <li>a {@code Host} check against DNS rebinding ({@link HostCheck});
 *   <li>failures answered as JSON, and a client that goes away mid-request logged as one DEBUG line
 *       ({@link RequestFailures}).
 * </ul>
 *
 * The stock server builds its {@code HttpServerOptions} inside {@code startServer}; this one lets it
 * set up Vert.x and the routes' router as usual, then listens itself with its own options, mounting
 * that router. {@link #start} blocks until the port is bound and throws when it cannot be.
 */
public final class GatewayHttpServer extends VertxPlatformHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);

    private final VertxPlatformHttpServerConfiguration configuration;
    private final HttpLimits limits;
    private Router routes;
    private volatile HttpServer server;
    private volatile SlowClientGuard guard;
    private java.util.function.Consumer<Router> extra = r -> {};

    private GatewayHttpServer(VertxPlatformHttpServerConfiguration configuration, HttpLimits limits) {
        super(configuration);
        this.configuration = configuration;
        this.limits = limits;
    }

    /** A server for {@code host:port} (0 picks a free port; see {@link #getPort}). */
    public static GatewayHttpServer create(String host, int port, HttpLimits limits) {
        VertxPlatformHttpServerConfiguration c = new VertxPlatformHttpServerConfiguration();
        c.setBindHost(host);
        c.setBindPort(port);
        c.setMaxBodySize(limits.maxBodyBytes());
        return new GatewayHttpServer(c, limits);
    }

    /**
     * Mounts more endpoints (the health and metrics ones when {@code scurry.management.on-http} is
     * set) ahead of the routes'; call before the server starts.
     */
    public void mount(java.util.function.Consumer<Router> endpoints) {
        this.extra = endpoints;
    }

    @Override
    protected void initializeServer() {
        super.initializeServer();
        routes = getCamelContext()
                .getRegistry()
                .lookupByNameAndType(
                        VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()),
                        VertxPlatformHttpRouter.class);
        if (routes == null) {
            throw new IllegalStateException("camel-platform-http did not register its router");
        }
        routes.route().order(Integer.MIN_VALUE).handler(new HostCheck(limits.allowedHosts()));
        routes.route().order(Integer.MIN_VALUE).failureHandler(new RequestFailures(limits.maxBodyBytes()));
    }

    @Override
    protected void startServer() throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                // No HTTP/2 over plain TCP: while Vert.x looks for the HTTP/2 preface it holds a
                // connection without handing it over (no connection handler, no limit), so a client
                // trickling its request head was invisible to the guard.
                .setHttp2ClearTextEnabled(false)
                // a backstop under the guard's own checks: no bytes either way for this long
                .setIdleTimeout((int) Math.max(
                                limits.headerTimeout().toSeconds(),
                                limits.bodyTimeout().toSeconds())
                        + 1)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        Router top = Router.router(getVertx());
        top.route().order(Integer.MIN_VALUE).handler(new HostCheck(limits.allowedHosts()));
        extra.accept(top);
        top.route("/*").subRouter(routes);
        RequestFailures failures = new RequestFailures(limits.maxBodyBytes());
        top.route().failureHandler(failures);
        SlowClientGuard g = new SlowClientGuard(getVertx(), limits);
        HttpServer s = getVertx().createHttpServer(options).connectionHandler(g::opened);
        s.requestHandler(g.watching(top));
        server = s.listen(configuration.getBindPort(), configuration.getBindHost())
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        guard = g;
        LOG.info("HTTP server listening on {}:{}", configuration.getBindHost(), server.actualPort());
    }

    @Override
    protected void stopServer() {
        HttpServer s = server;
        server = null;
        if (s == null) {
            return;
        }
        getCamelContext().removeComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME);
        try {
            s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("closing the HTTP server failed: {}", e.toString());
        }
    }

    /**
     * Closes the Vert.x instance this server made. The stock method hands the close to an executor
     * that only the stock {@code startServer} creates, so with ours it threw a NullPointerException on
     * every shutdown and left Vert.x open. A Vert.x found in the registry belongs to whoever put it
     * there and is left alone, as the stock server does.
     */
    @Override
    protected void stopVertx() {
        Vertx v = getVertx();
        if (v == null || v == lookupVertx()) {
            return;
        }
        try {
            v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("closing Vert.x failed: {}", e.toString());
        } finally {
            setVertx(null);
        }
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public int getPort() {
        HttpServer s = server;
        return s != null ? s.actualPort() : configuration.getBindPort();
    }

    /** Connections open now. */
    public int openConnections() {
        SlowClientGuard g = guard;
        return g == null ? 0 : g.open();
    }
}
