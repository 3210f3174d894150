package org.scurry.bridges.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdom2.Element;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.testkit.TestFeed;

/** The translator without HTTP: what becomes an item, and that hostile text stays text. */
class FeedTranslatorTest {
    private static final String BASE = "http://gw.example/feeds/";

    private final TestFeed ada = TestFeed.create();
    private final FeedTranslator translator = new FeedTranslator(
            feed -> feed.equals(ada.id()) ? Optional.of("ada") : Optional.empty(),
            feed -> BASE + feed + ".atom",
            EntryVisibility.ALL_PUBLIC);

    @Test
    void markupInAPostIsTextInAtomAndRss() throws Exception {
        String text = "<script>alert('x')</script> & <b>bold</b> &amp; ]]> done";
        Entry post = ada.post(text);

        SyndFeed atom = parse(render(FeedFormat.ATOM, post));
        SyndFeed rss = parse(render(FeedFormat.RSS, post));

        SyndEntry a = atom.getEntries().get(0);
        assertThat(a.getContents().get(0).getType()).isEqualTo("text");
        assertThat(a.getContents().get(0).getValue()).isEqualTo(text);
        assertThat(a.getTitle()).isEqualTo(text);
        // RSS readers treat a description as HTML: it holds the escaped text, which shows as written
        SyndEntry r = rss.getEntries().get(0);
        assertThat(r.getDescription().getValue())
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
                        + " &amp;amp; ]]&gt; done");
        assertThat(render(FeedFormat.ATOM, post)).doesNotContain("<script>").doesNotContain("<b>");
        assertThat(render(FeedFormat.RSS, post)).doesNotContain("<script>").doesNotContain("<b>");
    }

    @Test
    void emojiAndOtherScriptsPassThroughUnchanged() throws Exception {
        String text = "squirrel 🐿️ and family 👨‍👩‍👧 — Grüße, 日本語, العربية";
        Entry post = ada.post(text);

        for (FeedFormat f : FeedFormat.values()) {
            SyndEntry e = parse(render(f, post)).getEntries().get(0);
            assertThat(e.getTitle()).as(f.name()).isEqualTo(text);
        }
        assertThat(parse(render(FeedFormat.ATOM, post))
                        .getEntries()
                        .get(0)
                        .getContents()
                        .get(0)
                        .getValue())
                .isEqualTo(text);
    }

    @Test
    void controlCharactersAreReplacedAndTheDocumentStaysValidXml() throws Exception {
        String text = "bell\u0007 nul\u0000 esc\u001b del\u007f c1\u0085 tab\tok\nline two \uFFFF end";
        Entry post = ada.post(text);

        for (FeedFormat f : FeedFormat.values()) {
            String xml = render(f, post);
            SyndEntry e = parse(xml).getEntries().get(0);
            assertThat(e.getTitle())
                    .as(f.name())
                    .isEqualTo("bell\uFFFD nul\uFFFD esc\uFFFD del\uFFFD c1\uFFFD tab\tok");
            assertThat(xml).doesNotContain("\u0007").doesNotContain("\u0000").doesNotContain("&#");
        }
        assertThat(parse(render(FeedFormat.ATOM, post))
                        .getEntries()
                        .get(0)
                        .getContents()
                        .get(0)
                        .getValue())
                .isEqualTo("bell\uFFFD nul\uFFFD esc\uFFFD del\uFFFD c1\uFFFD tab\tok\nline two \uFFFD end");
        assertThat(FeedText.xmlSafe("lone \uD800 low \uDC00 pair \uD83D\uDC3F"))
                .isEqualTo("lone \uFFFD low \uFFFD pair 🐿");
    }

    @Test
    void hostileDisplayNamesAreEscapedToo() throws Exception {
        FeedTranslator named = new FeedTranslator(
                feed -> Optional.of("<i>ev\u0001il</i> & co"), feed -> null, EntryVisibility.ALL_PUBLIC);
        Entry post = ada.post("hi");
        FeedPage page = page("<i>ev\u0001il</i> & co on Scurry", List.of(post), null);

        for (FeedFormat f : FeedFormat.values()) {
            SyndFeed feed = parse(named.render(page, f));
            assertThat(feed.getTitle()).isEqualTo("<i>ev\uFFFDil</i> & co on Scurry");
        }
        assertThat(parse(named.render(page, FeedFormat.ATOM))
                        .getEntries()
                        .get(0)
                        .getAuthors()
                        .get(0)
                        .getName())
                .isEqualTo("<i>ev\uFFFDil</i> & co");
    }

    @Test
    void titleIsTheFirstNonBlankLineCutAt80CodePoints() {
        assertThat(FeedText.title("\n  \n  first line  \nsecond")).isEqualTo("first line");
        String longLine = "a".repeat(100);
        assertThat(FeedText.title(longLine)).isEqualTo("a".repeat(79) + "…");
        assertThat(FeedText.title("a".repeat(80))).isEqualTo("a".repeat(80));
        String emoji = "🐿".repeat(100);
        String cut = FeedText.title(emoji);
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(80);
        assertThat(cut).isEqualTo("🐿".repeat(79) + "…");
        assertThat(FeedText.title("   ")).isEmpty();
    }

    @Test
    void onlyPostsBecomeItemsAndADeleteHidesItsPost() throws Exception {
        Entry profile = ada.profile("ada", "bio");
        Entry kept = ada.post("kept");
        Entry gone = ada.post("gone");
        Entry follow = ada.follow(TestFeed.create().id());
        Entry delete = ada.next(Kind.DELETE, "{\"entry\":\"" + gone.id() + "\"}");
        Entry odd = ada.next(Kind.POST, "{\"text\":42}");
        Entry unknown = ada.next("poll", "{\"text\":\"not a post\"}");

        SyndFeed feed = parse(render(FeedFormat.ATOM, unknown, odd, delete, follow, gone, kept, profile));

        assertThat(feed.getEntries()).extracting(SyndEntry::getTitle).containsExactly("kept");
        assertThat(feed.getEntries().get(0).getUri()).isEqualTo("urn:scurry:entry:" + kept.id());
    }

    @Test
    void aDeleteByAnotherAuthorHidesNothing() throws Exception {
        Entry post = ada.post("mine");
        TestFeed mallory = TestFeed.create();
        Entry delete = mallory.next(Kind.DELETE, "{\"entry\":\"" + post.id() + "\"}");

        assertThat(translator.items(List.of(delete, post))).containsExactly(post);
    }

    @Test
    void theVisibilityHookDropsEntries() {
        Entry a = ada.post("public");
        Entry b = ada.post("secret");
        FeedTranslator publicOnly =
                new FeedTranslator(feed -> Optional.empty(), feed -> null, entry -> !entry.equals(b));

        assertThat(publicOnly.items(List.of(b, a))).containsExactly(a);
    }

    @Test
    void itemsCarryIdAuthorDatesAndReplies() throws Exception {
        Entry first = ada.post("first");
        Entry reply = ada.next(Kind.POST, "{\"text\":\"re\",\"replyTo\":\"" + first.id() + "\"}");

        String xml = render(FeedFormat.ATOM, reply, first);
        SyndFeed atom = parse(xml);

        SyndEntry e = atom.getEntries().get(0);
        assertThat(e.getUri()).isEqualTo("urn:scurry:entry:" + reply.id());
        assertThat(e.getAuthors().get(0).getName()).isEqualTo("ada");
        assertThat(e.getAuthors().get(0).getUri()).isEqualTo(BASE + ada.id() + ".atom");
        assertThat(e.getUpdatedDate().toInstant()).isEqualTo(Instant.ofEpochMilli(reply.timestamp()));
        assertThat(e.getPublishedDate().toInstant()).isEqualTo(Instant.ofEpochMilli(reply.timestamp()));
        assertThat(e.getForeignMarkup())
                .extracting(Element::getName, el -> el.getAttributeValue("ref"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("in-reply-to", "urn:scurry:entry:" + first.id()));

        SyndEntry r = parse(render(FeedFormat.RSS, reply, first)).getEntries().get(0);
        assertThat(r.getUri()).isEqualTo("urn:scurry:entry:" + reply.id());
        assertThat(r.getPublishedDate().toInstant()).isEqualTo(Instant.ofEpochSecond(reply.timestamp() / 1000));
    }

    @Test
    void unnamedAuthorsShowTheirShortId() {
        FeedId stranger = TestFeed.create().id();
        assertThat(translator.authorName(stranger)).isEqualTo(stranger.shortText());
    }

    @Test
    void pagingLinksFollowRfc5005InBothFormats() throws Exception {
        Entry post = ada.post("hi");
        FeedPage older = new FeedPage(
                FeedPage.feedUri(ada.id()),
                "ada on Scurry",
                ada.id(),
                new FeedPage.Links(
                        BASE + "x.atom?before=90",
                        BASE + "x.atom",
                        BASE + "x.atom?before=40",
                        BASE + "x.rss?before=90"),
                Instant.ofEpochMilli(post.timestamp()),
                List.of(post));

        Map<String, String> atom = links(parse(translator.render(older, FeedFormat.ATOM)));
        assertThat(atom)
                .containsEntry("self", BASE + "x.atom?before=90")
                .containsEntry("first", BASE + "x.atom")
                .containsEntry("current", BASE + "x.atom")
                .containsEntry("next", BASE + "x.atom?before=40")
                .containsEntry("alternate", BASE + "x.rss?before=90");

        String rss = translator.render(older, FeedFormat.RSS);
        assertThat(rss)
                .contains("xmlns:atom=\"http://www.w3.org/2005/Atom\"")
                .contains("<atom:link rel=\"next\" href=\"" + BASE + "x.atom?before=40\"");
        assertThat(parse(rss).getEntries().get(0).getAuthor()).isEqualTo("ada");
        assertThat(parse(rss).getForeignMarkup())
                .extracting(el -> el.getAttributeValue("rel"))
                .contains("self", "first", "current", "next");

        FeedPage newest = page("ada on Scurry", List.of(post), null);
        Map<String, String> top = links(parse(translator.render(newest, FeedFormat.ATOM)));
        assertThat(top).containsKeys("self", "first").doesNotContainKeys("next", "current");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String render(FeedFormat format, Entry... newestFirst) {
        return translator.render(page("ada on Scurry", List.of(newestFirst), null), format);
    }

    private FeedPage page(String title, List<Entry> entries, String next) {
        return new FeedPage(
                FeedPage.feedUri(ada.id()),
                title,
                ada.id(),
                new FeedPage.Links(BASE + "self", BASE + "self", next, null),
                Instant.ofEpochMilli(TestFeed.BASE_TIME),
                entries);
    }

    private static SyndFeed parse(String xml) throws Exception {
        return new SyndFeedInput().build(new StringReader(xml));
    }

    private static Map<String, String> links(SyndFeed feed) {
        return feed.getLinks().stream().collect(Collectors.toMap(SyndLink::getRel, SyndLink::getHref, (a, b) -> a));
    }
}
