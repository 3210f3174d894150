package org.scurry.routes.xmpp;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.xmpp.XmppConstants;
import org.apache.camel.component.xmpp.XmppEndpoint;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.LifecycleStrategySupport;
import org.jivesoftware.smack.packet.Message;
import org.scurry.bridges.component.ScurryEndpoint;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.bridges.search.SearchIndex;
import org.scurry.routes.metrics.BridgeMeter;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;

/**
 * The XMPP bridge (DESIGN.md §8, §9): the gateway's bot account on an XMPP server.
 *
 * <pre>
 * xmpp (camel-xmpp consumer) ─▶ xmpp-in:      rate limit ─▶ account by JID ─▶ command ─▶ answer ─┐
 * scurry:entries ──────────▶ xmpp-updates: followers' JIDs (no echo, policy) ─▶ split ──────────┤
 *                                                                                                 ▼
 *                               xmpp-send:    one chat message on the bot's logged-in connection
 * </pre>
 *
 * <p>{@code xmpp-in} does not start with the context: the {@link XmppWatchdog} starts it, checks the
 * login and restarts it when the login is gone. Messages that cannot be sent while the login is
 * being restored are retried for {@link #SEND_RETRY_FOR} and then dropped (and logged).
 */
public final class XmppRoutes extends RouteBuilder {

    public static final String ROUTE_IN = "xmpp-in";
    /** The bridge's name for the {@link BridgeMeter}. */
    static final String BRIDGE = "xmpp";

    public static final String ROUTE_UPDATES = "xmpp-updates";
    public static final String ROUTE_SEND = "xmpp-send";
    static final String SEND = "direct:xmpp-send";
    static final String TO = "ScurryXmppTo";
    static final Duration SEND_RETRY_FOR = Duration.ofSeconds(60);

    private final Node node;
    private final XmppAccounts accounts;
    private final XmppSettings settings;
    private final ChatDeliveryPolicy policy;
    private final Clock clock;
    private final Duration checkEvery;
    private final BotLink link = new BotLink();
    private XmppWatchdog watchdog;
    private volatile BridgeMeter meter = BridgeMeter.NONE;
    private SearchIndex search;

    public XmppRoutes(Node node, XmppAccounts accounts, XmppSettings settings) {
        this(node, accounts, settings, ChatDeliveryPolicy.ALL_PUBLIC, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    XmppRoutes(
            Node node,
            XmppAccounts accounts,
            XmppSettings settings,
            ChatDeliveryPolicy policy,
            Clock clock,
            Duration checkEvery) {
        this.node = node;
        this.accounts = accounts;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
        this.checkEvery = checkEvery;
    }

    /** Answers the chat's {@code search} from {@code index} (before the routes start); off by default. */
    public XmppRoutes search(SearchIndex index) {
        this.search = index;
        return this;
    }

    /** Where to count chat messages in, out and refused (before the routes start); none by default. */
    public XmppRoutes meter(BridgeMeter meter) {
        this.meter = meter == null ? BridgeMeter.NONE : meter;
        return this;
    }

    /** True when the bot is logged in to its XMPP server now. */
    public boolean isLoggedIn() {
        return link.isLoggedIn();
    }

    /** How many times the bot has logged in since the routes started. */
    public int logins() {
        return watchdog == null ? 0 : watchdog.logins();
    }

    @Override
    public void configure() throws Exception {
        XmppEndpoint xmpp = botEndpoint();
        watchdog = new XmppWatchdog(getContext(), xmpp, ROUTE_IN, link, checkEvery, settings.reconnectMaxDelay());
        ChatInbound inbound = new ChatInbound(
                settings,
                accounts,
                new ChatSession(node, ScurryWriter.on(getContext(), node), policy, search),
                new RateLimiter(settings.rateLimit(), clock),
                reason -> meter.refused(BRIDGE, reason));
        UpdateFanOut fanOut = new UpdateFanOut(node, accounts, policy);

        from(xmpp)
                .routeId(ROUTE_IN)
                .autoStartup(false)
                .process(exchange -> answer(exchange, inbound))
                .filter(body().isNotNull())
                .to(SEND);

        from(updatesEndpoint())
                .routeId(ROUTE_UPDATES)
                .process(exchange -> exchange.getIn()
                        .setBody(fanOut.deliveries(exchange.getIn().getBody(Entry.class))))
                .split(body())
                .process(exchange -> {
                    UpdateFanOut.Delivery d = exchange.getIn().getBody(UpdateFanOut.Delivery.class);
                    exchange.getIn().setHeader(TO, d.jid());
                    exchange.getIn().setBody(d.text());
                })
                .to(SEND);

        // While the login is being restored, a message waits and is retried every second; a
        // message that cannot be sent for any other reason is logged and dropped at once.
        from(SEND)
                .routeId(ROUTE_SEND)
                .onException(BotLink.NotLoggedInException.class)
                .maximumRedeliveries((int) SEND_RETRY_FOR.toSeconds())
                .redeliveryDelay(1000)
                .asyncDelayedRedelivery()
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .retriesExhaustedLogLevel(LoggingLevel.WARN)
                .logExhaustedMessageHistory(false)
                .handled(true)
                .end()
                .process(this::send);

        // The watchdog starts the inbound route, so it runs only while the whole context runs: it
        // begins once every route has started and ends before any route stops.
        getContext().addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {}

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                watchdog.start();
            }
        });
        getContext().addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                watchdog.stop();
            }
        });
    }

    /**
     * Every entry the node appends, local or replicated, on the scurry component's own thread (not
     * only {@code post}: protected posts arrive as {@code sealed} and are opened per account). The
     * consumer keeps its position under the route's id, so that after a restart the entries stored
     * while the routes were stopping are still delivered.
     */
    private ScurryEndpoint updatesEndpoint() {
        ScurryEndpoint entries =
                getContext().getEndpoint("scurry:entries?consumerId=" + ROUTE_UPDATES, ScurryEndpoint.class);
        entries.setNode(node);
        return entries;
    }

    private XmppEndpoint botEndpoint() {
        XmppEndpoint xmpp = getContext()
                .getEndpoint(
                        "xmpp://" + settings.host() + ":" + settings.port() + "?serviceName=" + settings.domain()
                                + "&resource=" + XmppSettings.RESOURCE + "&doc=true",
                        XmppEndpoint.class);
        xmpp.setUser(settings.user());
        xmpp.setPassword(settings.password()); // set here, not in the URI, so it is never logged
        xmpp.setConnectionConfig(settings.connectionConfiguration());
        // Fail the start when the server is unreachable: the watchdog then retries with backoff.
        xmpp.setTestConnectionOnStartup(true);
        // The consumer's own poller only re-opens the socket (no login); leave that to the watchdog.
        xmpp.setConnectionPollDelay((int) Duration.ofDays(1).toSeconds());
        return xmpp;
    }

    /**
     * Replaces the incoming message with the answer (null for none) addressed to the sender. With
     * {@code doc=true} the header holds Smack's Message; camel-xmpp's own body would re-create itself
     * from it when set to null, so the answer goes into a fresh message.
     */
    private void answer(Exchange exchange, ChatInbound inbound) {
        Message m = exchange.getIn().getHeader(XmppConstants.DOC_HEADER, Message.class);
        String from = m == null || m.getFrom() == null
                ? null
                : XmppAccounts.bare(m.getFrom().toString());
        boolean chat = from != null
                && m.getType() != Message.Type.error
                && m.getBody() != null
                && !m.getBody().isBlank();
        if (chat) {
            meter.in(BRIDGE);
        }
        String answer = chat ? inbound.answer(from, m.getBody()) : null;
        DefaultMessage reply = new DefaultMessage(exchange);
        reply.setBody(answer);
        reply.setHeader(TO, from);
        exchange.setMessage(reply);
    }

    private void send(Exchange exchange) throws Exception {
        String to = exchange.getIn().getHeader(TO, String.class);
        link.send(to, exchange.getIn().getBody(String.class));
        meter.out(BRIDGE, 1);
    }
}
