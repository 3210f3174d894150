package org.scurry.routes.xmpp;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.xmpp.XmppEndpoint;
import org.apache.camel.support.service.ServiceSupport;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bot logged in. camel-xmpp's consumer only re-opens the socket when it drops, without
 * logging in again, so after an XMPP server restart the bot would be connected but deaf. This
 * service owns the login instead: once the context has fully started, it starts the inbound route
 * itself (the route does not start with the context, so a server that is down at start does not
 * stop the gateway), checks every {@code
 * checkEvery} that the connection is up and authenticated, and when it is not, stops the route
 * (which drops the connection) and starts it again (which connects and logs in afresh), waiting
 * 1 s, 2 s, 4 s … up to {@code maxDelay} between failed attempts. Smack's own reconnection
 * manager is switched off on each connection so that only one party reconnects.
 */
final class XmppWatchdog extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(XmppWatchdog.class);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    private final CamelContext camel;
    private final XmppEndpoint endpoint;
    private final String routeId;
    private final BotLink link;
    private final Duration checkEvery;
    private final Duration maxDelay;
    private ScheduledExecutorService timer;
    private Duration delay = FIRST_DELAY;
    private long nextAttemptAt;
    private boolean loggedIn;
    private volatile int logins;

    XmppWatchdog(
            CamelContext camel,
            XmppEndpoint endpoint,
            String routeId,
            BotLink link,
            Duration checkEvery,
            Duration maxDelay) {
        this.camel = camel;
        this.endpoint = endpoint;
        this.routeId = routeId;
        this.link = link;
        this.checkEvery = checkEvery;
        this.maxDelay = maxDelay;
    }

    /** How many times the bot has logged in (1 after the first login; more after reconnects). */
    int logins() {
        return logins;
    }

    @Override
    protected void doStart() {
        timer = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "xmpp-watchdog");
        timer.scheduleWithFixedDelay(this::check, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            camel.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
        link.set(null);
    }

    private void check() {
        try {
            if (!isRunAllowed() || camel.isStopping()) {
                return;
            }
            if (link.isLoggedIn() || System.nanoTime() < nextAttemptAt) {
                return;
            }
            if (loggedIn) { // report the loss once, not at every attempt
                XMPPTCPConnection c = link.get();
                LOG.warn(
                        "XMPP login of {} lost (connected {}, logged in {}); logging in again",
                        endpoint.getUser(),
                        c != null && c.isConnected(),
                        c != null && c.isAuthenticated());
                loggedIn = false;
            }
            link.set(null);
            restartRoute();
        } catch (Exception e) { // the timer must keep running whatever happens
            LOG.warn(
                    "XMPP login as {} at {}:{} failed: {}; next try in {} s",
                    endpoint.getUser(),
                    endpoint.getHost(),
                    endpoint.getPort(),
                    rootMessage(e),
                    delay.toSeconds());
            LOG.debug("XMPP login failure", e);
            nextAttemptAt = System.nanoTime() + delay.toNanos();
            delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
        }
    }

    private void restartRoute() throws Exception {
        camel.getRouteController().stopRoute(routeId, 5, TimeUnit.SECONDS);
        camel.getRouteController().startRoute(routeId);
        // The consumer connected through the endpoint; the endpoint hands out that same connection.
        XMPPTCPConnection c = endpoint.createConnection();
        if (!c.isAuthenticated()) {
            throw new IllegalStateException("connected but not logged in");
        }
        ReconnectionManager.getInstanceFor(c).disableAutomaticReconnection();
        link.set(c);
        loggedIn = true;
        logins++;
        delay = FIRST_DELAY;
        LOG.info("XMPP bot logged in as {}", c.getUser());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
