package org.scurry.bridges.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.testkit.TestFeed;

class SearchQueryTest {
    private static final FeedId ALICE = TestFeed.create().id();
    private final LuceneQueries queries = new LuceneQueries(
            new StandardAnalyzer(), name -> name.equalsIgnoreCase("alice") ? Set.of(ALICE) : Set.of());

    @Test
    void wordsPhrasesTagsNamesAndExclusionsAreReadApart() {
        SearchQuery q = SearchQuery.parse("  Rain \"wet  Sunday\" #Weather @alice -snow " + ALICE);

        assertThat(q.words()).containsExactly("rain");
        assertThat(q.phrases()).containsExactly("wet  sunday");
        assertThat(q.tags()).containsExactly("weather");
        assertThat(q.names()).containsExactly("alice", ALICE.toString());
        assertThat(q.excluded()).containsExactly("snow");
        assertThat(SearchQuery.parse("x " + ALICE).names()).containsExactly(ALICE.toString());
    }

    @Test
    void anUnclosedQuoteRunsToTheEnd() {
        assertThat(SearchQuery.parse("a \"b c").phrases()).containsExactly("b c");
    }

    @Test
    void luceneSyntaxIsSearchedAsWordsNeverAsOperators() {
        Query q = queries.build(SearchQuery.parse("reader:* title:foo* AND (bar OR baz~2) vis:protected"), null);

        String text = q.toString();
        assertThat(text)
                .as("only terms of the text field, and the public filter")
                .contains("#text:reader", "#text:title:foo", "#text:and", "#text:bar", "#text:vis:protected")
                .contains("#vis:public")
                .doesNotContain("*", "~", "#reader:", "#title:", "#vis:protected");
    }

    @Test
    void aNameMatchesItsFeedsPostsAndMentionsAndTheNameWritten() {
        String text = queries.build(SearchQuery.parse("@Alice"), null).toString();

        assertThat(text).contains("author:" + ALICE, "mention:" + ALICE, "mention:alice");
    }

    @Test
    void aReaderAlsoSeesWhatItCanOpen() {
        String text = queries.build(SearchQuery.parse("rain"), ALICE).toString();

        assertThat(text).contains("vis:public", "reader:" + ALICE);
    }

    @Test
    void badQueriesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> SearchQuery.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SearchQuery.parse(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> SearchQuery.parse("x".repeat(201))).hasMessageContaining("at most 200");
        assertThatThrownBy(() -> SearchQuery.parse("a b c d e f g h i j k l m")).hasMessageContaining("at most 12");
        assertThatThrownBy(() -> SearchQuery.parse("-rain")).hasMessageContaining("say what to find");
        assertThatThrownBy(() -> SearchQuery.parse("#no-dashes")).hasMessageContaining("#tag");
        assertThatThrownBy(() -> SearchQuery.parse("@a/b")).hasMessageContaining("@name");
        assertThatThrownBy(() -> queries.build(SearchQuery.parse("!!! ..."), null))
                .hasMessageContaining("nothing to search for");
    }

    @Test
    void twelvePartsAndTwoHundredCharactersAreTaken() {
        assertThat(SearchQuery.parse("a b c d e f g h i j k l").words()).hasSize(12);
        assertThat(SearchQuery.parse("y".repeat(200)).words()).hasSize(1);
    }
}
