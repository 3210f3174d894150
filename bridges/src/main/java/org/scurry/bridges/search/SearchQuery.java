package org.scurry.bridges.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.scurry.swarm.FeedId;

/**
 * A search as a person typed it, read into its parts (docs/search.md, "Query syntax"). The text is
 * never handed to a query parser: each part becomes a term, a phrase or a filter built by {@link
 * LuceneQueries}, so Lucene's own syntax ({@code AND}, {@code *}, {@code ~}, {@code field:}, {@code
 * (}) means nothing here and a query cannot reach fields it was not meant to.
 *
 * <pre>
 * word          posts holding the word (any case; every part must hold)
 * "two words"   posts holding the words one after the other
 * -word         posts without the word
 * #tag          posts tagged #tag
 * &#64;name        posts by, or mentioning, the feed whose profile name is name, or that feed id
 * </pre>
 *
 * <p>Bounded: at most {@link #MAX_CHARS} characters and {@link #MAX_PARTS} parts; anything else is
 * refused with {@link IllegalArgumentException} saying what was wrong.
 *
 * @param words words every post found holds, lowercased
 * @param phrases runs of words found one after the other, lowercased
 * @param excluded words no post found holds, lowercased
 * @param tags tags without the {@code #}, lowercased
 * @param names feed ids ({@code @…}) or profile names without the {@code @}, as typed
 */
public record SearchQuery(
        List<String> words, List<String> phrases, List<String> excluded, List<String> tags, List<String> names) {

    /** The longest query taken, in characters. */
    public static final int MAX_CHARS = 200;
    /** The most parts (words, phrases, tags, names) taken. */
    public static final int MAX_PARTS = 12;

    /** A tag: letters, digits and {@code _}, as {@link PostFields} finds them in a post. */
    static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_]{1,64}");
    /** A profile name as {@code @name} takes it: no spaces. */
    static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.\\-]{1,64}");

    public SearchQuery {
        words = List.copyOf(words);
        phrases = List.copyOf(phrases);
        excluded = List.copyOf(excluded);
        tags = List.copyOf(tags);
        names = List.copyOf(names);
    }

    /** Reads {@code text}; throws IllegalArgumentException naming what is wrong with it. */
    public static SearchQuery parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the query is empty: give words, \"a phrase\", #tags or @names");
        }
        String q = text.strip();
        if (q.codePointCount(0, q.length()) > MAX_CHARS) {
            throw new IllegalArgumentException("the query is too long: at most " + MAX_CHARS + " characters, not "
                    + q.codePointCount(0, q.length()));
        }
        q = q.replaceAll("\\p{Cntrl}", " ");
        List<String> words = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 0;
        int parts = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            String part;
            if (c == '"') {
                int end = q.indexOf('"', i + 1);
                part = end < 0 ? q.substring(i + 1) : q.substring(i + 1, end);
                i = end < 0 ? q.length() : end + 1;
                if (!part.isBlank()) {
                    phrases.add(lower(part.strip()));
                    parts++;
                }
            } else {
                int end = i;
                while (end < q.length() && !Character.isWhitespace(q.charAt(end))) {
                    end++;
                }
                part = q.substring(i, end);
                i = end;
                parts += read(part, words, excluded, tags, names) ? 1 : 0;
            }
            if (parts > MAX_PARTS) {
                throw new IllegalArgumentException("the query has too many parts: at most " + MAX_PARTS);
            }
        }
        if (words.isEmpty() && phrases.isEmpty() && tags.isEmpty() && names.isEmpty()) {
            throw new IllegalArgumentException(
                    "say what to find: a word, \"a phrase\", a #tag or an @name (a -word alone only says what to leave out)");
        }
        return new SearchQuery(words, phrases, excluded, tags, names);
    }

    /** Files one unquoted part; false when it holds nothing to search for (a lone "-"). */
    private static boolean read(
            String part, List<String> words, List<String> excluded, List<String> tags, List<String> names) {
        if (part.length() > 1 && part.charAt(0) == '#') {
            String tag = part.substring(1);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("a #tag is letters, digits and _ (at most 64): " + part);
            }
            tags.add(lower(tag));
            return true;
        }
        if (part.length() > 1 && part.charAt(0) == '@') {
            if (FeedId.looksLikeFeedId(part)) {
                names.add(FeedId.parse(part).toString());
                return true;
            }
            String name = part.substring(1);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "an @name is a feed id or a profile name without spaces (letters, digits, _ . -): " + part);
            }
            names.add(name);
            return true;
        }
        if (part.length() > 1 && part.charAt(0) == '-') {
            excluded.add(lower(part.substring(1)));
            return true;
        }
        if (part.equals("-") || part.equals("#") || part.equals("@")) {
            return false;
        }
        words.add(lower(part));
        return true;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
