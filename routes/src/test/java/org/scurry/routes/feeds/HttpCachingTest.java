package org.scurry.routes.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpCachingTest {
    private final HttpCaching caching = HttpCaching.of(1_700_000_000_123L, "feed", "page 1");

    @Test
    void theEtagIsAQuotedHashOfTheParts() {
        assertThat(caching.etag()).matches("\"[0-9a-f]{32}\"");
        assertThat(HttpCaching.of(1_700_000_000_123L, "feed", "page 1").etag()).isEqualTo(caching.etag());
        assertThat(HttpCaching.of(1_700_000_000_123L, "feed", "page 2").etag()).isNotEqualTo(caching.etag());
        // parts are separated, so moving a character between parts changes the tag
        assertThat(HttpCaching.of(1, "ab", "c").etag())
                .isNotEqualTo(HttpCaching.of(1, "a", "bc").etag());
    }

    @Test
    void lastModifiedIsAnHttpDateInWholeSeconds() {
        assertThat(caching.lastModifiedHeader()).isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
    }

    @Test
    void aDayBelowTenHasTwoDigitsAsRfc7231Asks() {
        // 2023-11-05T08:09:07Z
        HttpCaching early = HttpCaching.of(1_699_171_747_000L, "feed");

        assertThat(early.lastModifiedHeader()).isEqualTo("Sun, 05 Nov 2023 08:09:07 GMT");
        assertThat(early.notModified(null, early.lastModifiedHeader())).isTrue();
        assertThat(early.notModified(null, "Sun, 5 Nov 2023 08:09:07 GMT")).isTrue();
    }

    @Test
    void ifNoneMatchTakesListsWeakTagsAndStar() {
        assertThat(caching.notModified(caching.etag(), null)).isTrue();
        assertThat(caching.notModified("\"x\", " + caching.etag(), null)).isTrue();
        assertThat(caching.notModified("W/" + caching.etag(), null)).isTrue();
        assertThat(caching.notModified("*", null)).isTrue();
        assertThat(caching.notModified("\"x\"", null)).isFalse();
    }

    @Test
    void ifNoneMatchWinsOverIfModifiedSince() {
        assertThat(caching.notModified("\"x\"", "Tue, 14 Nov 2023 22:13:20 GMT"))
                .isFalse();
    }

    @Test
    void ifModifiedSinceComparesWholeSecondsAndIgnoresBadDates() {
        assertThat(caching.notModified(null, "Tue, 14 Nov 2023 22:13:20 GMT")).isTrue();
        assertThat(caching.notModified(null, "Wed, 15 Nov 2023 00:00:00 GMT")).isTrue();
        assertThat(caching.notModified(null, "Tue, 14 Nov 2023 22:13:19 GMT")).isFalse();
        assertThat(caching.notModified(null, "yesterday")).isFalse();
        assertThat(caching.notModified(null, null)).isFalse();
    }
}
