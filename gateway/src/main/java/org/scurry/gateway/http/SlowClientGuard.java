package org.scurry.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a client can hold on the HTTP server bounded: how many connections are open (in all,
 * and from one address), and how long each may keep one without sending a whole request. Vert.x
 * waits for a request head or body as long as the client likes, so a client that sends one header
 * byte every few seconds (slowloris), or a body that never completes, held a connection forever.
 *
 * <p>Each connection is in one of three states, checked a few times per header time-out:
 *
 * <ul>
 *   <li><b>waiting for a request head</b> (just opened, or its previous answer sent): closed when
 *       the head is not complete {@link HttpLimits#headerTimeout} later. Trickling bytes does not
 *       extend it, and an idle keep-alive connection ends the same way.
 *   <li><b>reading a body</b>: closed when the body is not complete {@link
 *       HttpLimits#bodyTimeout} after the head.
 *   <li><b>answering</b>: the node's own work; no time-out here.
 * </ul>
 *
 * A connection over a cap is closed as soon as it opens, before anything is read. Thread-safe: the
 * counters are atomic; each connection's state is written by its event loop and read by its timer.
 */
final class SlowClientGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);

    private final Vertx vertx;
    private final HttpLimits limits;
    private final long checkMillis;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicBoolean atCap = new AtomicBoolean();

    SlowClientGuard(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
        this.checkMillis = Math.max(50, Math.min(1000, limits.headerTimeout().toMillis() / 4));
    }

    /** The server's connection handler. */
    void opened(HttpConnection connection) {
        String address = connection.remoteAddress() == null
                ? "?"
                : connection.remoteAddress().hostAddress();
        AtomicInteger fromAddress = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        int all = open.incrementAndGet();
        int mine = fromAddress.incrementAndGet();
        if (all > limits.maxConnections() || mine > limits.maxConnectionsPerAddress()) {
            release(address, fromAddress);
            if (atCap.compareAndSet(false, true)) {
                LOG.warn(
                        "HTTP connection from {} refused: {} open, {} from that address (scurry.http.max-connections"
                                + " {}, max-connections-per-address {}); further refusals are logged at DEBUG",
                        LogText.of(address),
                        all - 1,
                        mine - 1,
                        limits.maxConnections(),
                        limits.maxConnectionsPerAddress());
            } else {
                LOG.debug("HTTP connection from {} refused: over the cap", LogText.of(address));
            }
            connection.close();
            return;
        }
        Watch watch = new Watch(System.nanoTime());
        watches.put(connection, watch);
        long timer = vertx.setPeriodic(checkMillis, id -> check(connection, watch, address));
        connection.closeHandler(v -> {
            vertx.cancelTimer(timer);
            watches.remove(connection);
            release(address, fromAddress);
            if (open.get() < limits.maxConnections()) {
                atCap.set(false);
            }
        });
    }

    /** Wraps the server's request handler so the guard sees each request head arrive. */
    Handler<HttpServerRequest> watching(Handler<HttpServerRequest> next) {
        return request -> {
            Watch w = watches.get(request.connection());
            if (w != null) {
                w.started(request, System.nanoTime());
            }
            next.handle(request);
        };
    }

    /** Open connections (for tests and status). */
    int open() {
        return open.get();
    }

    private void release(String address, AtomicInteger fromAddress) {
        open.decrementAndGet();
        if (fromAddress.decrementAndGet() <= 0) {
            perAddress.remove(address, fromAddress);
            // a connection counted on the removed counter meanwhile counts again on a new one; the
            // cap may then be off by that one connection, never unbounded
        }
    }

    private void check(HttpConnection connection, Watch watch, String address) {
        String overdue = watch.overdue(System.nanoTime(), limits);
        if (overdue != null) {
            LOG.debug("HTTP connection from {} closed: {}", LogText.of(address), overdue);
            connection.close();
        }
    }

    /** One connection's progress. */
    private static final class Watch {
        private volatile long idleSince;
        private volatile HttpServerRequest current;
        private volatile long headAt;

        Watch(long now) {
            this.idleSince = now;
        }

        void started(HttpServerRequest request, long now) {
            current = request;
            headAt = now;
        }

        /** Why the connection should close now; null while it is within its time. */
        String overdue(long now, HttpLimits limits) {
            HttpServerRequest request = current;
            if (request != null && request.response().ended()) {
                current = null;
                idleSince = now;
                request = null;
            }
            if (request == null) {
                return now - idleSince > limits.headerTimeout().toNanos()
                        ? "no complete request within "
                                + seconds(limits.headerTimeout().toNanos()) + " s"
                        : null;
            }
            if (!request.isEnded() && now - headAt > limits.bodyTimeout().toNanos()) {
                return "request body not complete within "
                        + seconds(limits.bodyTimeout().toNanos()) + " s";
            }
            return null;
        }

        private static long seconds(long nanos) {
            return TimeUnit.NANOSECONDS.toSeconds(nanos);
        }
    }
}
