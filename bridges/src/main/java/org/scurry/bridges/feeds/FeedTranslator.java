package org.scurry.bridges.feeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.feed.synd.SyndPersonImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.LineSeparator;
import org.jdom2.output.XMLOutputter;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;

/**
 * Renders a {@link FeedPage} as Atom 1.0 or RSS 2.0 with Rome (SyndFeed → WireFeed →
 * WireFeedOutput). Thread-safe; renders in memory and never blocks on I/O.
 *
 * <p>What becomes an item: each public {@code post} entry whose content has a non-blank {@code text}.
 * Other kinds are skipped. A {@code delete} entry on the same page hides the post it names, when
 * both have the same author; a delete on another page is not seen here (docs/feeds.md).
 *
 * <pre>
 * item id        urn:scurry:entry:~base64url           (stable: the entry id)
 * title          first non-blank line, ≤ 80 code points, "…" when cut
 * content        Atom: type="text", the full text; RSS: description = HTML-escaped text
 * author         display name, else the feed id's short form; Atom uri = the author's feed URL
 * updated/pubDate  the entry's author timestamp
 * reply          Atom: thr:in-reply-to ref="urn:scurry:entry:~…" (RFC 4685)
 * </pre>
 *
 * Every string is passed through {@link FeedText#xmlSafe} first, so no input yields invalid XML.
 */
public final class FeedTranslator {
    /** The Atom namespace, used for {@code atom:link} inside RSS. */
    public static final Namespace ATOM = Namespace.getNamespace("atom", "http://www.w3.org/2005/Atom");
    /** RFC 4685 threading extension. */
    public static final Namespace THREAD = Namespace.getNamespace("thr", "http://purl.org/syndication/thread/1.0");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Indented, UTF-8, \n line ends; text that is not all white space is kept exactly as it is. */
    private static final Format OUTPUT = Format.getPrettyFormat()
            .setEncoding("UTF-8")
            .setLineSeparator(LineSeparator.UNIX)
            .setTextMode(Format.TextMode.TRIM_FULL_WHITE);

    private final Function<FeedId, Optional<String>> names;
    private final Function<FeedId, String> authorLinks;
    private final EntryVisibility visibility;

    /**
     * @param names display names of feeds (empty when unknown)
     * @param authorLinks the URL of an author's feed (may return null for none)
     * @param visibility which entries may be rendered at all
     */
    public FeedTranslator(
            Function<FeedId, Optional<String>> names,
            Function<FeedId, String> authorLinks,
            EntryVisibility visibility) {
        this.names = names;
        this.authorLinks = authorLinks;
        this.visibility = visibility;
    }

    /** The URI that identifies an entry in feeds: {@code urn:scurry:entry:~base64url}. */
    public static String entryUri(EntryId id) {
        return "urn:scurry:entry:" + id;
    }

    /** What people see as the author: the display name, else the short feed id. */
    public String authorName(FeedId feed) {
        return names.apply(feed)
                .map(FeedText::xmlSafe)
                .filter(n -> !n.isBlank())
                .orElse(feed.shortText());
    }

    /** The page as a complete XML document in {@code format}, UTF-8 declared. */
    public String render(FeedPage page, FeedFormat format) {
        SyndFeed feed = syndFeed(page, format);
        WireFeed wire = feed.createWireFeed(format.romeType());
        if (wire instanceof Channel channel) {
            channel.setForeignMarkup(atomLinksForRss(page.links(), format));
        }
        try {
            Document doc = new WireFeedOutput().outputJDom(wire);
            // Declared once on the root, so that extension elements do not each repeat it.
            doc.getRootElement().addNamespaceDeclaration(format == FeedFormat.ATOM ? THREAD : ATOM);
            return new XMLOutputter(OUTPUT).outputString(doc);
        } catch (FeedException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot render " + page.id() + " as " + format + ": " + e.getMessage(), e);
        }
    }

    /** The items a page yields, in page order: public posts with text, minus those deleted. */
    public List<Entry> items(List<Entry> entries) {
        Map<EntryId, FeedId> deleted = new HashMap<>();
        for (Entry e : entries) {
            if (Kind.DELETE.equals(e.kind())) {
                deleteTarget(e).ifPresent(target -> deleted.put(target, e.author()));
            }
        }
        List<Entry> items = new ArrayList<>();
        for (Entry e : entries) {
            if (Kind.POST.equals(e.kind())
                    && visibility.isPublic(e)
                    && !e.author().equals(deleted.get(e.id()))
                    && postText(e).isPresent()) {
                items.add(e);
            }
        }
        return items;
    }

    private SyndFeed syndFeed(FeedPage page, FeedFormat format) {
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType(format.romeType());
        feed.setUri(page.id());
        feed.setTitle(FeedText.xmlSafe(page.title()));
        feed.setDescription(FeedText.xmlSafe(page.title()));
        feed.setLink(page.links().self());
        feed.setPublishedDate(Date.from(page.updated()));
        feed.setGenerator("Scurry");
        if (format == FeedFormat.ATOM) {
            // RSS has only e-mail addresses for people (managingEditor), which feeds do not have.
            if (page.owner() != null) {
                feed.setAuthors(List.of(person(page.owner())));
            }
            feed.setLinks(atomLinks(page.links()));
        }
        List<SyndEntry> items = new ArrayList<>();
        for (Entry e : items(page.entries())) {
            items.add(item(e, format));
        }
        feed.setEntries(items);
        return feed;
    }

    private SyndEntry item(Entry e, FeedFormat format) {
        String text = postText(e).orElseThrow();
        SyndEntry item = new SyndEntryImpl();
        item.setUri(entryUri(e.id()));
        SyndContent title = new SyndContentImpl();
        title.setType("text");
        title.setValue(FeedText.title(text));
        item.setTitleEx(title);
        SyndContent content = new SyndContentImpl();
        if (format == FeedFormat.ATOM) {
            content.setType("text");
            content.setValue(FeedText.xmlSafe(text));
            item.setContents(List.of(content));
        } else {
            content.setType("text/html");
            content.setValue(FeedText.htmlEscaped(text));
            item.setDescription(content);
            item.setAuthor(authorName(e.author())); // dc:creator: RSS's own <author> is an e-mail
        }
        Date when = new Date(e.timestamp());
        item.setPublishedDate(when);
        item.setUpdatedDate(when);
        if (format == FeedFormat.ATOM) {
            item.setAuthors(List.of(person(e.author())));
            replyTo(e).ifPresent(target -> {
                Element reply = new Element("in-reply-to", THREAD);
                reply.setAttribute("ref", entryUri(target));
                item.setForeignMarkup(List.of(reply));
            });
        }
        return item;
    }

    private SyndPerson person(FeedId feed) {
        SyndPerson p = new SyndPersonImpl();
        p.setName(authorName(feed));
        String link = authorLinks.apply(feed);
        if (link != null) {
            p.setUri(link);
        }
        return p;
    }

    private static List<SyndLink> atomLinks(FeedPage.Links links) {
        List<SyndLink> out = new ArrayList<>();
        out.add(link("self", links.self(), FeedFormat.ATOM));
        if (links.alternate() != null) {
            out.add(link("alternate", links.alternate(), FeedFormat.RSS));
        }
        out.add(link("first", links.first(), FeedFormat.ATOM));
        if (links.isOlderPage()) {
            out.add(link("current", links.first(), FeedFormat.ATOM));
        }
        if (links.next() != null) {
            out.add(link("next", links.next(), FeedFormat.ATOM));
        }
        return out;
    }

    private static SyndLink link(String rel, String href, FeedFormat type) {
        SyndLink l = new SyndLinkImpl();
        l.setRel(rel);
        l.setHref(href);
        l.setType(type.contentType().substring(0, type.contentType().indexOf(';')));
        return l;
    }

    /** RSS has no paging of its own: the same links as atom:link elements (RFC 5005 §3). */
    private static List<Element> atomLinksForRss(FeedPage.Links links, FeedFormat format) {
        List<Element> out = new ArrayList<>();
        out.add(atomLink("self", links.self(), format));
        if (links.alternate() != null) {
            out.add(atomLink("alternate", links.alternate(), FeedFormat.ATOM));
        }
        out.add(atomLink("first", links.first(), format));
        if (links.isOlderPage()) {
            out.add(atomLink("current", links.first(), format));
        }
        if (links.next() != null) {
            out.add(atomLink("next", links.next(), format));
        }
        return out;
    }

    private static Element atomLink(String rel, String href, FeedFormat type) {
        Element link = new Element("link", ATOM);
        link.setAttribute("rel", rel);
        link.setAttribute("href", FeedText.xmlSafe(href));
        link.setAttribute(
                "type", type.contentType().substring(0, type.contentType().indexOf(';')));
        return link;
    }

    private static Optional<String> postText(Entry e) {
        return field(e, "text").filter(t -> !t.isBlank());
    }

    private static Optional<EntryId> replyTo(Entry e) {
        return field(e, "replyTo").flatMap(FeedTranslator::entryId);
    }

    private static Optional<EntryId> deleteTarget(Entry e) {
        return field(e, "entry").flatMap(FeedTranslator::entryId);
    }

    private static Optional<EntryId> entryId(String text) {
        try {
            return Optional.of(EntryId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> field(Entry e, String name) {
        try {
            JsonNode node = JSON.readTree(e.content());
            JsonNode value = node == null ? null : node.get(name);
            return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
        } catch (IOException ex) {
            return Optional.empty();
        }
    }
}
