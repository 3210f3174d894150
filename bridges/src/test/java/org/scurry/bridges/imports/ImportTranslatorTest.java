package org.scurry.bridges.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rometools.rome.feed.synd.SyndFeed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.bridges.imports.ImportTranslator.ImportItem;

class ImportTranslatorTest {
    private static SyndFeed rss(String items) {
        return ImportTranslator.parse(
                ("""
                <?xml version="1.0"?>
                <rss version="2.0"><channel><title>News
                  of the day</title><link>https://n.example/</link><description>d</description>
                %s
                </channel></rss>
                """)
                        .formatted(items)
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysAreGuidElseLinkElseAHashOfTitleAndDate() {
        SyndFeed feed = rss(
                """
                <item><title>a</title><guid isPermaLink="false">g-1</guid><link>https://n.example/a</link></item>
                <item><title>b</title><link>https://n.example/b</link></item>
                <item><title>c</title><pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate></item>
                """);

        List<ImportItem> items = ImportTranslator.items(feed, 1000);

        assertThat(items).extracting(ImportItem::key).hasSize(3);
        // undated items present: reverse document order
        assertThat(items.get(2).key()).isEqualTo("g-1");
        assertThat(items.get(1).key()).isEqualTo("https://n.example/b");
        assertThat(items.get(0).key()).matches("sha256:[0-9a-f]{64}");
        assertThat(items.get(0).text()).isEqualTo("c");
        assertThat(ImportTranslator.items(feed, 1000)).isEqualTo(items); // stable
        assertThat(ImportTranslator.displayName(feed)).contains("News of the day");
    }

    @Test
    void datedItemsComeOldestFirstAndRepeatsOnce() {
        SyndFeed feed = rss(
                """
                <item><title>new</title><guid>2</guid><pubDate>Tue, 03 Jan 2023 10:00:00 GMT</pubDate></item>
                <item><title>old</title><guid>1</guid><pubDate>Sun, 01 Jan 2023 10:00:00 GMT</pubDate></item>
                <item><title>old again</title><guid>1</guid><pubDate>Sun, 01 Jan 2023 10:00:00 GMT</pubDate></item>
                """);

        assertThat(ImportTranslator.items(feed, 1000))
                .extracting(ImportItem::key)
                .containsExactly("1", "2");
    }

    @Test
    void textIsTitleAndLinkShortenedAtCodePoints() {
        SyndFeed feed = rss(
                """
                <item><title>  two\n  lines 😀😀😀😀 </title><link>https://n.example/x</link><guid>k</guid></item>
                """);
        var entry = feed.getEntries().get(0);

        assertThat(ImportTranslator.postText(entry, 1000)).isEqualTo("two lines 😀😀😀😀\nhttps://n.example/x");
        // 34 in full; at 33, 19 go to the link and 1 to the line break: 12 + the ellipsis for the title
        assertThat(ImportTranslator.postText(entry, 33)).isEqualTo("two lines 😀😀…\nhttps://n.example/x");
        // the link alone does not fit: the whole text is cut
        assertThat(ImportTranslator.postText(entry, 10)).isEqualTo("two lines…");
    }

    @Test
    void accountNamesAreStableValidAndDistinct() {
        String a = ImportTranslator.accountName("https://a.example/feed");
        assertThat(a).isEqualTo(ImportTranslator.accountName(" https://a.example/feed "));
        assertThat(a).matches("feed-[0-9a-f]{12}").isNotEqualTo(ImportTranslator.accountName("https://b.example/feed"));
    }

    @Test
    void nonFeedsAreRefused() {
        assertThatThrownBy(() -> ImportTranslator.parse("<html/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImportTranslator.parse(
                        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>"
                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
