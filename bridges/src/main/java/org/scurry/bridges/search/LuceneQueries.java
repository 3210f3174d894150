package org.scurry.bridges.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.scurry.swarm.FeedId;

/**
 * Turns a {@link SearchQuery} into a Lucene query, term by term (no query parser: see {@link
 * SearchQuery}), with the visibility filter every search carries: public posts only, or public
 * posts and the protected ones {@code reader} could open.
 */
final class LuceneQueries {
    private final Analyzer analyzer;
    private final Function<String, Set<FeedId>> feedsNamed;

    /**
     * @param analyzer the analyzer the text field was indexed with
     * @param feedsNamed the feeds whose profile name is the given name (case-insensitive)
     */
    LuceneQueries(Analyzer analyzer, Function<String, Set<FeedId>> feedsNamed) {
        this.analyzer = analyzer;
        this.feedsNamed = feedsNamed;
    }

    /**
     * The query for {@code q} as {@code reader} may see it (null: a public caller). Throws
     * IllegalArgumentException when none of its words holds anything searchable (only punctuation).
     */
    Query build(SearchQuery q, FeedId reader) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean positive = false;
        for (String word : q.words()) {
            positive |= addText(b, word, Occur.FILTER);
        }
        for (String phrase : q.phrases()) {
            positive |= addText(b, phrase, Occur.FILTER);
        }
        for (String word : q.excluded()) {
            addText(b, word, Occur.MUST_NOT);
        }
        for (String tag : q.tags()) {
            b.add(new TermQuery(new Term(IndexFields.TAG, tag)), Occur.FILTER);
            positive = true;
        }
        for (String name : q.names()) {
            b.add(byOrMentioning(name), Occur.FILTER);
            positive = true;
        }
        if (!positive) {
            throw new IllegalArgumentException("nothing to search for: the words hold no letters or digits");
        }
        b.add(visibleTo(reader), Occur.FILTER);
        return b.build();
    }

    /** Adds the analysed {@code text} as a term or a phrase; false when it analyses to nothing. */
    private boolean addText(BooleanQuery.Builder b, String text, Occur occur) {
        List<String> terms = terms(text);
        if (terms.isEmpty()) {
            return false;
        }
        if (terms.size() == 1) {
            b.add(new TermQuery(new Term(IndexFields.TEXT, terms.get(0))), occur);
        } else {
            b.add(new PhraseQuery(IndexFields.TEXT, terms.toArray(String[]::new)), occur);
        }
        return true;
    }

    /** Posts by the feed(s) so named, or mentioning them, or naming them as @name in the text. */
    private Query byOrMentioning(String name) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        Set<FeedId> feeds =
                name.startsWith(String.valueOf(FeedId.SIGIL)) ? Set.of(FeedId.parse(name)) : feedsNamed.apply(name);
        for (FeedId f : feeds) {
            any.add(new TermQuery(new Term(IndexFields.AUTHOR, f.toString())), Occur.SHOULD);
            any.add(new TermQuery(new Term(IndexFields.MENTION, f.toString())), Occur.SHOULD);
        }
        if (!name.startsWith(String.valueOf(FeedId.SIGIL))) {
            any.add(new TermQuery(new Term(IndexFields.MENTION, name.toLowerCase(Locale.ROOT))), Occur.SHOULD);
        }
        return any.build();
    }

    private static Query visibleTo(FeedId reader) {
        Query open = new TermQuery(new Term(IndexFields.VISIBILITY, IndexFields.PUBLIC));
        if (reader == null) {
            return open;
        }
        return new BooleanQuery.Builder()
                .add(open, Occur.SHOULD)
                .add(new TermQuery(new Term(IndexFields.READER, reader.toString())), Occur.SHOULD)
                .build();
    }

    /** The terms the analyser makes of {@code text}, as the text field was indexed. */
    List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(IndexFields.TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return terms;
    }
}
