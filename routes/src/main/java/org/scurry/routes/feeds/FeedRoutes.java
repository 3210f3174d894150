package org.scurry.routes.feeds;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.scurry.bridges.feeds.EntryVisibility;
import org.scurry.bridges.feeds.FeedFormat;
import org.scurry.bridges.feeds.FeedPage;
import org.scurry.bridges.feeds.FeedTranslator;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.protect.Protection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atom and RSS over camel-platform-http (DESIGN.md §8, §9; docs/feeds.md):
 *
 * <pre>
 * GET /feeds/{feedId}.atom | .rss   ?before=SEQ&amp;limit=N        a public feed the node holds
 * GET /timeline/{account}.atom | .rss ?token=T&amp;before=CURSOR&amp;limit=N  an account's timeline
 * </pre>
 *
 * {@code limit} defaults to 50 and is capped at 200. Pages link to the next older page and the
 * newest one (RFC 5005). Answers carry {@code ETag}, {@code Last-Modified} and {@code Cache-Control:
 * no-cache} and honour {@code If-None-Match} / {@code If-Modified-Since} with 304. Errors are JSON
 * {@code {"error": "…"}}: 400 malformed id or parameter, 401 missing or wrong timeline token, 404
 * feed not held or unknown document, 405 (from Camel) for methods other than GET and HEAD.
 *
 * <p>Public feeds render only entries that {@link EntryVisibility#isPublic} accepts (by default
 * {@link EntryVisibility#NOT_PROTECTED}: never a protected entry). A timeline renders the entries as
 * its account reads them: protected posts it holds the key for are opened, those it does not stay
 * sealed and are left out (docs/protected.md).
 */
public final class FeedRoutes extends RouteBuilder {
    /** Entries read at most, {@link #PROBE_PAGE} at a time, to find whether an older page shows anything. */
    private static final int PROBE = 1000;

    private static final int PROBE_PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(FeedRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bump when the rendering changes, so that cached copies are not taken as current. */
    private static final String RENDERING = "feeds-1";

    private final Node node;
    private final TimelineTokens tokens;
    private final String baseUrl;
    private final EntryVisibility visibility;

    /** Feeds of {@code node}; links are built from the request's Host header; protected entries are not public. */
    public FeedRoutes(Node node, TimelineTokens tokens) {
        this(node, tokens, EntryVisibility.NOT_PROTECTED, null);
    }

    /**
     * @param node the node whose feeds are served
     * @param tokens resolves timeline tokens to accounts' feeds
     * @param visibility which entries may be shown (the hook for protected feeds)
     * @param baseUrl the public base URL for links (e.g. {@code https://gw.example}, no trailing
     *     slash), or null to take the scheme and host the request was sent to
     */
    public FeedRoutes(Node node, TimelineTokens tokens, EntryVisibility visibility, String baseUrl) {
        this.node = node;
        this.tokens = tokens;
        this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
        this.visibility = visibility;
    }

    /** The feeds bridge's name for the {@link org.scurry.routes.metrics.BridgeMeter}, the importer's too. */
    public static final String BRIDGE_NAME = "feeds";

    private static final String BRIDGE = BRIDGE_NAME;

    private volatile org.scurry.routes.metrics.BridgeMeter meter = org.scurry.routes.metrics.BridgeMeter.NONE;

    /**
     * Where to count documents served ({@code out}) and requests refused ({@code not_found},
     * {@code unauthorized}, {@code invalid}); none by default.
     */
    public FeedRoutes meter(org.scurry.routes.metrics.BridgeMeter meter) {
        this.meter = meter == null ? org.scurry.routes.metrics.BridgeMeter.NONE : meter;
        return this;
    }

    @Override
    public void configure() {
        from(httpEndpoint("/feeds/{file}")).routeId("feeds").process(exchange -> answer(exchange, this::feed));
        from(httpEndpoint("/timeline/{file}"))
                .routeId("timeline")
                .process(exchange -> answer(exchange, this::timeline));
    }

    private PlatformHttpEndpoint httpEndpoint(String path) {
        PlatformHttpEndpoint endpoint = getContext()
                .getEndpoint("platform-http:" + path + "?httpMethodRestrict=GET,HEAD", PlatformHttpEndpoint.class);
        endpoint.setHeaderFilterStrategy(new FeedHeaderFilter());
        return endpoint;
    }

    /** Camel's HTTP header filter, except that Cache-Control may go out (it is dropped by default). */
    static final class FeedHeaderFilter extends HttpHeaderFilterStrategy {
        @Override
        protected void initialize() {
            super.initialize();
            getOutFilter().remove("cache-control");
        }
    }

    /** A page ready to send, or to answer 304 for. */
    private record Rendered(
            FeedFormat format, HttpCaching caching, String cacheControl, java.util.function.Supplier<String> body) {}

    @FunctionalInterface
    private interface Handler {
        Rendered handle(FeedRequest request);
    }

    private void answer(Exchange exchange, Handler handler) throws Exception {
        Message out = exchange.getMessage();
        try {
            FeedRequest req = FeedRequest.from(exchange, baseUrl);
            Rendered r = handler.handle(req);
            boolean notModified = r.caching().notModified(req.ifNoneMatch, req.ifModifiedSince);
            // The HTTP server would send a body to HEAD too: render nothing for it.
            boolean head = "HEAD".equalsIgnoreCase(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
            String body = notModified || head ? null : r.body().get();
            out.removeHeaders("*");
            out.setHeader("ETag", r.caching().etag());
            out.setHeader("Last-Modified", r.caching().lastModifiedHeader());
            out.setHeader("Cache-Control", r.cacheControl());
            out.setHeader("X-Content-Type-Options", "nosniff");
            if (notModified) {
                out.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
                out.setBody(null);
            } else {
                out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                out.setHeader(Exchange.CONTENT_TYPE, r.format().contentType());
                out.setBody(body);
                meter.out(BRIDGE, 1);
            }
        } catch (FeedError e) {
            meter.refused(
                    BRIDGE,
                    e.status() == 404
                            ? "not_found"
                            : e.status() == 401 || e.status() == 403 ? "unauthorized" : "invalid");
            error(out, e.status(), e.getMessage());
        } catch (java.util.NoSuchElementException e) {
            meter.refused(BRIDGE, "not_found");
            error(out, 404, e.getMessage()); // the feed went away between the check and the read
        } catch (RuntimeException e) {
            LOG.error("feed request failed", e);
            error(out, 500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private static void error(Message out, int status, String message) throws Exception {
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        out.setHeader("Cache-Control", "no-store");
        out.setBody(JSON.writeValueAsString(java.util.Map.of("error", message)));
    }

    // ---- /feeds/{feedId}.atom|rss ---------------------------------------------------------------

    private Rendered feed(FeedRequest req) {
        FeedId id;
        try {
            id = FeedId.parse(req.name);
        } catch (IllegalArgumentException e) {
            throw new FeedError(400, e.getMessage());
        }
        // Not held, or an older page than this node keeps: Node#feed asks history servers
        // (docs/history.md) and throws NoSuchElementException (404) when none has the feed.
        int limit = req.limit();
        Long before = req.beforeSeq();
        List<Entry> entries = node.feed(id, before == null ? Long.MAX_VALUE : before, limit);
        String limitParam = limit == FeedRequest.DEFAULT_LIMIT ? null : String.valueOf(limit);
        String base = (baseUrl != null ? baseUrl : req.baseUrl) + "/feeds/" + id;
        String beforeParam = before == null ? null : String.valueOf(before);
        Entry oldest = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        String next = oldest != null && entries.size() == limit && oldest.seq() > 1 && olderShown(id, oldest.seq())
                ? pageUrl(base, req.format, String.valueOf(oldest.seq()), limitParam)
                : null;
        FeedPage.Links links = new FeedPage.Links(
                pageUrl(base, req.format, beforeParam, limitParam),
                pageUrl(base, req.format, null, limitParam),
                next,
                pageUrl(base, other(req.format), beforeParam, limitParam));
        String name = translator(req).authorName(id);
        return rendered(
                req,
                links.self(),
                FeedPage.feedUri(id),
                name + " on Scurry",
                id,
                links,
                entries,
                "no-cache",
                visibility);
    }

    /**
     * Whether the feed holds a post a public page would show below {@code beforeSeq}: without one a
     * next link would lead to an empty page (only follows, profiles or protected entries left).
     * Reads at most {@link #PROBE} entries; past that it answers yes.
     */
    private boolean olderShown(FeedId feed, long beforeSeq) {
        long before = beforeSeq;
        for (int read = 0; read < PROBE && before > 1; ) {
            List<Entry> older;
            try {
                older = node.feed(feed, before, PROBE_PAGE);
            } catch (java.util.NoSuchElementException e) {
                return false; // pruned here and no history server has it
            }
            if (older.isEmpty()) {
                return false;
            }
            if (older.stream().anyMatch(e -> Kind.POST.equals(e.kind()) && visibility.isPublic(e))) {
                return true;
            }
            read += older.size();
            before = older.get(older.size() - 1).seq();
        }
        return before > 1;
    }

    /** As above for a timeline page ending at {@code after}, as {@code who} reads it. */
    private boolean olderShown(FeedId who, TimelineCursor after) {
        TimelineCursor cursor = after;
        for (int read = 0; read < PROBE && cursor != null; ) {
            TimelinePage older = node.timeline(who, cursor, PROBE_PAGE);
            for (Entry e : older.entries()) {
                Entry readable = node.read(who, e);
                if (Kind.POST.equals(readable.kind()) && !Protection.isSealed(readable)) {
                    return true;
                }
            }
            read += older.entries().size();
            cursor = older.next();
        }
        return cursor != null;
    }

    private static String pageUrl(String base, FeedFormat format, String before, String limit) {
        return FeedRequest.url(base + "." + format.extension(), "before", before, "limit", limit);
    }

    // ---- /timeline/{account}.atom|rss ------------------------------------------------------------

    private Rendered timeline(FeedRequest req) {
        String token = req.param("token");
        if (token == null || token.isEmpty()) {
            throw new FeedError(
                    401,
                    "this timeline needs its secret token: /timeline/" + req.name + "." + req.format.extension()
                            + "?token=…");
        }
        Optional<FeedId> who = tokens.resolve(req.name, token);
        if (who.isEmpty()) {
            throw new FeedError(401, "wrong token for the timeline of " + req.name);
        }
        int limit = req.limit();
        String beforeParam = req.param("before");
        TimelineCursor before;
        try {
            before = beforeParam == null ? null : TimelineCursor.parse(beforeParam);
        } catch (IllegalArgumentException e) {
            throw new FeedError(400, e.getMessage());
        }
        TimelinePage page = node.timeline(who.get(), before, limit);
        List<Entry> readable = page.entries().stream()
                .map(e -> node.read(who.get(), e))
                .filter(e -> !Protection.isSealed(e))
                .toList();
        String limitParam = limit == FeedRequest.DEFAULT_LIMIT ? null : String.valueOf(limit);
        String base = (baseUrl != null ? baseUrl : req.baseUrl) + "/timeline/" + FeedRequest.segment(req.name);
        String next = page.next() == null || !olderShown(who.get(), page.next())
                ? null
                : timelineUrl(base, req.format, page.next().toString(), limitParam, token);
        FeedPage.Links links = new FeedPage.Links(
                timelineUrl(base, req.format, beforeParam, limitParam, token),
                timelineUrl(base, req.format, null, limitParam, token),
                next,
                timelineUrl(base, other(req.format), beforeParam, limitParam, token));
        return rendered(
                req,
                // the key of the page without the token, which must not leak into the ETag
                timelineUrl(base, req.format, beforeParam, limitParam, null),
                "urn:scurry:timeline:" + who.get(),
                req.name + "’s timeline on Scurry",
                null,
                links,
                readable,
                "private, no-cache",
                EntryVisibility.ALL_PUBLIC);
    }

    private static String timelineUrl(String base, FeedFormat format, String before, String limit, String token) {
        return FeedRequest.url(base + "." + format.extension(), "before", before, "limit", limit, "token", token);
    }

    // ---- shared ---------------------------------------------------------------------------------

    private FeedTranslator translator(FeedRequest req) {
        return translator(req, visibility);
    }

    private FeedTranslator translator(FeedRequest req, EntryVisibility shown) {
        String base = baseUrl != null ? baseUrl : req.baseUrl;
        return new FeedTranslator(node::displayName, feed -> base + "/feeds/" + feed + ".atom", shown);
    }

    private Rendered rendered(
            FeedRequest req,
            String pageKey,
            String id,
            String title,
            FeedId owner,
            FeedPage.Links links,
            List<Entry> entries,
            String cacheControl,
            EntryVisibility shown) {
        long newest = entries.stream().mapToLong(Entry::timestamp).max().orElse(0);
        String newestId = entries.isEmpty() ? "-" : entries.get(0).id().toString();
        FeedFormat format = req.format;
        HttpCaching caching = HttpCaching.of(
                newest, RENDERING, format.name(), pageKey, newestId, title, String.valueOf(entries.size()));
        FeedTranslator translator = translator(req, shown);
        FeedPage page = new FeedPage(id, title, owner, links, Instant.ofEpochMilli(newest), entries);
        return new Rendered(format, caching, cacheControl, () -> translator.render(page, format));
    }

    private static FeedFormat other(FeedFormat format) {
        return format == FeedFormat.ATOM ? FeedFormat.RSS : FeedFormat.ATOM;
    }
}
