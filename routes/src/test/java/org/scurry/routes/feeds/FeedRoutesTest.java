package org.scurry.routes.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.rng.CompactSchemaReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scurry.bridges.feeds.FeedTranslator;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.testkit.TestFeed;
import org.scurry.testkit.TestSwarm;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/** Atom and RSS over real HTTP (Vert.x platform-http on a free port) from an in-memory node. */
class FeedRoutesTest {
    private static final String TOKEN = "timeline-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSwarm swarm;
    private Node node;
    private CamelContext camel;
    private String base;
    private final MemoryTimelineTokens tokens = new MemoryTimelineTokens();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        swarm = new TestSwarm();
        node = swarm.node();
        tokens.put("ada", TOKEN, node.id());
        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(0);
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        camel.addService(server);
        camel.addRoutes(new FeedRoutes(node, tokens));
        camel.start();
        base = "http://127.0.0.1:" + server.getServer().actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        swarm.close();
    }

    // ---- documents -----------------------------------------------------------------------------

    @Test
    void atomFeedValidatesAgainstRfc4287AndParsesBack() throws Exception {
        node.setProfile(node.id(), "ada <& co>", null);
        node.post("plain hello", null);
        Entry hostile = node.post("<script>alert(1)</script> & \u0007bell 🐿️\nsecond line", null);
        node.post("reply", hostile.id());

        HttpResponse<String> r = get("/feeds/" + node.id() + ".atom");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/atom+xml; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(r.headers().firstValue("ETag"))
                .hasValueSatisfying(t -> assertThat(t).matches("\"[0-9a-f]{32}\""));
        assertThat(r.headers().firstValue("Last-Modified")).isPresent();
        assertThat(rngErrors(r.body())).isEmpty();
        assertThat(r.body()).doesNotContain("<script>");

        SyndFeed feed = parse(r.body());
        assertThat(feed.getTitle()).isEqualTo("ada <& co> on Scurry");
        assertThat(feed.getUri()).isEqualTo("urn:scurry:feed:" + node.id());
        assertThat(feed.getEntries())
                .extracting(SyndEntry::getTitle)
                .containsExactly("reply", "<script>alert(1)</script> & \uFFFDbell 🐿️", "plain hello");
        // what the schema's Schematron rules ask, which the RELAX NG validator does not check
        for (SyndEntry e : feed.getEntries()) {
            assertThat(e.getContents()).hasSize(1);
            assertThat(e.getAuthors()).extracting(p -> p.getName()).containsExactly("ada <& co>");
        }
        assertThat(feed.getEntries().get(1).getContents().get(0).getValue())
                .isEqualTo("<script>alert(1)</script> & \uFFFDbell 🐿️\nsecond line");
        assertThat(links(feed))
                .containsEntry("self", base + "/feeds/" + node.id() + ".atom")
                .containsEntry("alternate", base + "/feeds/" + node.id() + ".rss")
                .doesNotContainKey("next");
    }

    @Test
    void theSchemaCheckCanFail() throws Exception {
        String noId = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
                + "<updated>2024-01-01T00:00:00Z</updated></feed>";
        String badDate = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:x</id><title>t</title>"
                + "<updated>yesterday</updated></feed>";

        assertThat(rngErrors(noId)).isNotEmpty();
        assertThat(rngErrors(badDate)).isNotEmpty();
    }

    @Test
    void rssFeedParsesBackWithAtomPagingLinks() throws Exception {
        for (int i = 1; i <= 5; i++) {
            node.post("post " + i + " <b>&</b>", null);
        }

        HttpResponse<String> r = get("/feeds/" + node.id() + ".rss?limit=2");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/rss+xml; charset=utf-8");
        SyndFeed feed = parse(r.body());
        assertThat(feed.getFeedType()).isEqualTo("rss_2.0");
        assertThat(feed.getEntries())
                .extracting(SyndEntry::getTitle)
                .containsExactly("post 5 <b>&</b>", "post 4 <b>&</b>");
        assertThat(feed.getEntries().get(0).getDescription().getValue()).isEqualTo("post 5 &lt;b&gt;&amp;&lt;/b&gt;");
        assertThat(feed.getForeignMarkup())
                .filteredOn(el -> "next".equals(el.getAttributeValue("rel")))
                .extracting(el -> el.getAttributeValue("href"))
                .containsExactly(base + "/feeds/" + node.id() + ".rss?before=4&limit=2");
    }

    @Test
    void olderPagesLinkToTheNewestAsFirstAndCurrent() throws Exception {
        for (int i = 1; i <= 5; i++) {
            node.post("post " + i, null);
        }

        SyndFeed older =
                parse(get("/feeds/" + node.id() + ".atom?before=4&limit=2").body());

        String feed = base + "/feeds/" + node.id() + ".atom";
        assertThat(older.getEntries()).extracting(SyndEntry::getTitle).containsExactly("post 3", "post 2");
        assertThat(links(older))
                .containsEntry("self", feed + "?before=4&limit=2")
                .containsEntry("first", feed + "?limit=2")
                .containsEntry("current", feed + "?limit=2")
                .containsEntry("next", feed + "?before=2&limit=2");
        SyndFeed last =
                parse(get("/feeds/" + node.id() + ".atom?before=2&limit=2").body());
        assertThat(last.getEntries()).extracting(SyndEntry::getTitle).containsExactly("post 1");
        assertThat(links(last)).doesNotContainKey("next");
    }

    @Test
    void aThreeThousandEntryFeedPagesToTheEndSeeingEveryEntryOnceInOrder() throws Exception {
        TestFeed big = TestFeed.create();
        List<Entry> entries = big.posts(3000);
        assertThat(node.store().appendAll(entries)).allMatch(r -> r.appended());
        Map<String, Long> seqOf = new HashMap<>();
        entries.forEach(e -> seqOf.put(FeedTranslator.entryUri(e.id()), e.seq()));

        List<Long> seen = new ArrayList<>();
        String url = base + "/feeds/" + big.id() + ".atom";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(url).isEqualTo(200);
            SyndFeed page = parse(r.body());
            page.getEntries().forEach(e -> seen.add(seqOf.get(e.getUri())));
            url = links(page).get("next");
            pages++;
            assertThat(pages).as("pages").isLessThanOrEqualTo(61);
        }

        assertThat(pages).isEqualTo(60);
        assertThat(seen).hasSize(3000).doesNotContainNull().doesNotHaveDuplicates();
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(3000L - i);
        }
    }

    @Test
    void limitIsCappedAt200() throws Exception {
        TestFeed big = TestFeed.create();
        node.store().appendAll(big.posts(250));

        SyndFeed page = parse(get("/feeds/" + big.id() + ".atom?limit=1000").body());

        assertThat(page.getEntries()).hasSize(200);
        assertThat(links(page).get("next")).endsWith("?before=51&limit=200");
    }

    // ---- caching -------------------------------------------------------------------------------

    @Test
    void aRepeatedConditionalGetIs304UntilSomethingIsPosted() throws Exception {
        node.post("one", null);
        String path = "/feeds/" + node.id() + ".atom";
        HttpResponse<String> first = get(path);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<String> again = get(path, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get(path, "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get(path, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(get(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get(path, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(path.replace(".atom", ".rss"), "If-None-Match", etag).statusCode())
                .isEqualTo(200);

        node.post("two", null);
        HttpResponse<String> changed = get(path, "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().isNotEqualTo(Optional.of(etag));
    }

    // ---- errors --------------------------------------------------------------------------------

    @Test
    void aFeedNotHeldIs404Json() throws Exception {
        FeedId stranger = TestFeed.create().id();

        HttpResponse<String> r = get("/feeds/" + stranger + ".atom");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(error(r)).contains(stranger.toString());
    }

    @Test
    void malformedIdsAndParametersAre400() throws Exception {
        node.post("one", null);
        String feed = "/feeds/" + node.id();

        assertThat(error(get("/feeds/not-a-feed.atom"))).contains("not a feed id");
        assertThat(get("/feeds/not-a-feed.rss").statusCode()).isEqualTo(400);
        for (String query : List.of("limit=0", "limit=x", "limit=-3", "before=0", "before=x", "limit=1&limit=2")) {
            assertThat(get(feed + ".atom?" + query).statusCode()).as(query).isEqualTo(400);
        }
        assertThat(get(feed + ".json").statusCode()).isEqualTo(404);
        assertThat(get(feed).statusCode()).isEqualTo(404);
    }

    @Test
    void headAnswersTheHeadersWithoutABody() throws Exception {
        node.post("one", null);
        String url = base + "/feeds/" + node.id() + ".atom";
        String etag = get("/feeds/" + node.id() + ".atom")
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("ETag")).hasValue(etag);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/atom+xml; charset=utf-8");
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        node.post("one", null);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/feeds/" + node.id() + ".atom"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(405);
    }

    // ---- timeline ------------------------------------------------------------------------------

    @Test
    void timelineNeedsTheRightToken() throws Exception {
        node.post("private-ish", null);

        assertThat(get("/timeline/ada.atom").statusCode()).isEqualTo(401);
        assertThat(get("/timeline/ada.atom?token=").statusCode()).isEqualTo(401);
        assertThat(get("/timeline/ada.atom?token=" + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(get("/timeline/ada.atom?token=" + TOKEN.substring(1)).statusCode())
                .isEqualTo(401);
        assertThat(get("/timeline/bob.atom?token=" + TOKEN).statusCode()).isEqualTo(401);
        assertThat(error(get("/timeline/ada.atom?token=nope"))).doesNotContain(TOKEN);
    }

    @Test
    void timelineShowsOwnAndFollowedPostsAndPagesWithTheToken() throws Exception {
        TestFeed bob = TestFeed.create();
        node.store().appendAll(List.of(bob.profile("bob", ""), bob.post("from bob")));
        node.follow(bob.id());
        node.post("mine 1", null);
        node.post("mine 2", null);

        HttpResponse<String> r = get("/timeline/ada.atom?limit=2&token=" + TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("token"));
        assertThat(r.headers().firstValue("ETag").orElseThrow()).doesNotContain(TOKEN);
        assertThat(rngErrors(r.body())).isEmpty();
        List<String> titles = new ArrayList<>();
        SyndFeed page = parse(r.body());
        assertThat(page.getTitle()).isEqualTo("ada’s timeline on Scurry");
        String next = links(page).get("next");
        page.getEntries().forEach(e -> titles.add(e.getTitle()));
        while (next != null) {
            assertThat(next).contains("token=" + TOKEN);
            SyndFeed older = parse(
                    http.send(HttpRequest.newBuilder(URI.create(next)).build(), HttpResponse.BodyHandlers.ofString())
                            .body());
            assertThat(older.getEntries())
                    .as("a next link never leads to an empty page")
                    .isNotEmpty();
            older.getEntries().forEach(e -> titles.add(e.getTitle()));
            next = links(older).get("next");
        }
        assertThat(titles).containsExactly("mine 2", "mine 1", "from bob");
        SyndFeed rss = parse(get("/timeline/ada.rss?token=" + TOKEN).body());
        assertThat(rss.getEntries())
                .extracting(SyndEntry::getAuthor)
                .containsExactly(node.id().shortText(), node.id().shortText(), "bob")
                .hasSize(3);
    }

    @Test
    void badTimelineCursorIs400() throws Exception {
        assertThat(get("/timeline/ada.atom?before=yesterday&token=" + TOKEN).statusCode())
                .isEqualTo(400);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> r) throws Exception {
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.has("error")).as(r.body()).isTrue();
        return json.get("error").asText();
    }

    private static SyndFeed parse(String xml) throws Exception {
        return new SyndFeedInput().build(new StringReader(xml));
    }

    private static Map<String, String> links(SyndFeed feed) {
        Map<String, String> out = new HashMap<>();
        for (SyndLink l : feed.getLinks()) {
            out.putIfAbsent(l.getRel(), l.getHref());
        }
        return out;
    }

    /** Errors of validating {@code xml} against RFC 4287's RELAX NG schema (empty when valid). */
    private static List<String> rngErrors(String xml) throws Exception {
        List<String> errors = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add(e.getLineNumber() + ": " + e.getMessage());
            }
        };
        PropertyMapBuilder props = new PropertyMapBuilder();
        props.put(ValidateProperty.ERROR_HANDLER, collect);
        ValidationDriver driver = new ValidationDriver(props.toPropertyMap(), CompactSchemaReader.getInstance());
        String schema = FeedRoutesTest.class.getResource("/schema/atom.rnc").toString();
        assertThat(driver.loadSchema(new InputSource(schema)))
                .as("schema loads: " + errors)
                .isTrue();
        driver.validate(new InputSource(new StringReader(xml)));
        return errors;
    }
}
