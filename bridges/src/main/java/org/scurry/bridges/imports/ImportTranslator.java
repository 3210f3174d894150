package org.scurry.bridges.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Kind;

/**
 * Turns the items of an external RSS or Atom feed into Scurry posts (DESIGN.md §8, "Import"): the
 * custodial account name of a source feed, each item's stable key, the post text and the post
 * content that records where it came from.
 *
 * <p>A post made from an item is {@code {"text": TITLE + "\n" + LINK, "source": {"feed": URL, "item":
 * KEY}}}. The {@code source} object is how an importer knows, after a restart, which items it has
 * already posted: it reads its own feed back. No separate file is needed and the record cannot get
 * out of step with the posts, since it is the post.
 */
public final class ImportTranslator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELLIPSIS = "…";
    /** Keys longer than this are replaced by a hash of themselves (they go into every post). */
    static final int MAX_KEY_CHARS = 512;
    /** Longest display name taken from a feed title. */
    static final int MAX_NAME_CHARS = 64;

    private ImportTranslator() {}

    /** One item, ready to post. */
    public record ImportItem(String key, String text, Date date) {}

    /** The account that hosts an imported feed: {@code feed-} + 12 hex digits of SHA-256(url). */
    public static String accountName(String feedUrl) {
        return "feed-" + HexFormat.of().formatHex(sha256(feedUrl.trim())).substring(0, 12);
    }

    /** Parses an RSS (any version) or Atom document; throws IllegalArgumentException when it is not one. */
    public static SyndFeed parse(byte[] document) {
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(document))) {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            return input.build(reader);
        } catch (FeedException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSS or Atom document: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The feed's title as a display name (whitespace collapsed, at most 64 characters); empty if none. */
    public static Optional<String> displayName(SyndFeed feed) {
        String title = clean(feed.getTitle());
        return title.isEmpty() ? Optional.empty() : Optional.of(cut(title, MAX_NAME_CHARS));
    }

    /**
     * The feed's items as posts, oldest first: by published (else updated) date when every item has
     * one, otherwise in reverse document order (feeds list their newest items first). Items with the
     * same key are taken once.
     */
    public static List<ImportItem> items(SyndFeed feed, int maxPostChars) {
        List<SyndEntry> entries = new ArrayList<>(feed.getEntries());
        java.util.Collections.reverse(entries);
        boolean allDated = entries.stream().allMatch(e -> date(e) != null);
        if (allDated) {
            entries.sort(Comparator.comparing(ImportTranslator::date)); // stable: ties keep reversed order
        }
        Map<String, ImportItem> byKey = new LinkedHashMap<>();
        for (SyndEntry e : entries) {
            String key = key(e);
            byKey.putIfAbsent(key, new ImportItem(key, postText(e, maxPostChars), date(e)));
        }
        return List.copyOf(byKey.values());
    }

    /** An item's key: its guid (RSS) or id (Atom), else its link, else {@code sha256:} of title and date. */
    public static String key(SyndEntry entry) {
        String key = clean(entry.getUri());
        if (key.isEmpty()) {
            key = clean(entry.getLink());
        }
        if (key.isEmpty()) {
            Date date = date(entry);
            key = "sha256:"
                    + HexFormat.of()
                            .formatHex(sha256(clean(entry.getTitle()) + "\n" + (date == null ? "" : date.getTime())));
        }
        if (key.length() > MAX_KEY_CHARS) {
            key = "sha256:" + HexFormat.of().formatHex(sha256(key));
        }
        return key;
    }

    /**
     * The post text: the item's title, then its link on a new line, at most {@code maxChars} code
     * points. When it is too long the title is shortened and ends with an ellipsis {@code …}; when
     * the link alone does not fit, the whole text is cut and ends with an ellipsis. This is the only
     * place where Scurry shortens a text instead of refusing it.
     */
    public static String postText(SyndEntry entry, int maxChars) {
        String title = clean(entry.getTitle());
        String link = clean(entry.getLink());
        if (title.isEmpty() && link.isEmpty()) {
            title = "(untitled)";
        }
        String text = title.isEmpty() ? link : link.isEmpty() ? title : title + "\n" + link;
        if (length(text) <= maxChars) {
            return text;
        }
        int titleRoom = maxChars - length(link) - 1; // code points for the title and its ellipsis
        if (!title.isEmpty() && !link.isEmpty() && titleRoom >= 2) {
            return cut(title, titleRoom) + "\n" + link;
        }
        return cut(text, maxChars);
    }

    /**
     * The fields an imported post carries beside its text: {@code "source": {"feed": URL, "item":
     * KEY}}, what {@link #importedKey} reads back.
     */
    public static Map<String, Object> sourceFields(String feedUrl, ImportItem item) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("feed", feedUrl);
        source.put("item", item.key());
        return Map.of("source", source);
    }

    /** The content of the post for an item: text and source. */
    public static byte[] postContent(String feedUrl, ImportItem item) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("feed", feedUrl);
        source.put("item", item.key());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("text", item.text());
        content.put("source", source);
        try {
            return JSON.writeValueAsBytes(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The item key an entry was imported from, when it is a post imported from {@code feedUrl}. */
    public static Optional<String> importedKey(Entry entry, String feedUrl) {
        if (!Kind.POST.equals(entry.kind())) {
            return Optional.empty();
        }
        try {
            JsonNode source = JSON.readTree(entry.content()).path("source");
            if (source.path("feed").asText("").equals(feedUrl)
                    && source.path("item").isTextual()) {
                return Optional.of(source.path("item").asText());
            }
        } catch (IOException e) {
            // not JSON we wrote: not an import
        }
        return Optional.empty();
    }

    private static Date date(SyndEntry e) {
        return e.getPublishedDate() != null ? e.getPublishedDate() : e.getUpdatedDate();
    }

    /** Trims and collapses runs of whitespace (titles often carry line breaks and indentation). */
    static String clean(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** At most {@code max} code points; when cut, the last one is an ellipsis. */
    static String cut(String s, int max) {
        if (length(s) <= max) {
            return s;
        }
        int end = s.offsetByCodePoints(0, Math.max(0, max - 1));
        return s.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
