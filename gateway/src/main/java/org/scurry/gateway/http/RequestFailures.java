package org.scurry.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server does when a request fails before a route answered it: a client that went away
 * mid-request (an aborted upload, a closed tab) is one DEBUG line, not an ERROR with a stack
 * trace; a request the server refused itself (a body over the limit: 413) gets the API's JSON
 * error; anything else is a bug, logged with its trace and answered 500.
 */
final class RequestFailures implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestFailures.class);

    private final long maxBodyBytes;

    RequestFailures(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        String method = ctx.request().method().name();
        String path = LogText.of(ctx.request().path());
        if (failure instanceof HttpClosedException || ctx.response().closed()) {
            LOG.debug("{} {}: the client closed the connection before the answer", method, path);
            return;
        }
        int status = ctx.statusCode();
        if (status >= 400 && status < 500) {
            LOG.debug(
                    "{} {} refused: {} {}",
                    method,
                    path,
                    status,
                    failure == null ? "" : LogText.of(failure.getMessage()));
            JsonErrors.end(ctx.response(), status, message(status));
            return;
        }
        LOG.error("{} {} failed", method, path, failure);
        JsonErrors.end(ctx.response(), 500, "internal error");
    }

    private String message(int status) {
        if (status == 413) {
            return "the request body is larger than " + maxBodyBytes + " bytes";
        }
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
