package org.scurry.routes.imports;

import com.rometools.rome.feed.synd.SyndFeed;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.accounts.AccountRegistry;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.bridges.imports.ImportTranslator;
import org.scurry.bridges.imports.ImportTranslator.ImportItem;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports one external RSS or Atom feed into the swarm: fetches it, and posts each item not yet
 * posted as the feed's custodial account ({@link ImportTranslator#accountName}), oldest first.
 *
 * <p>Exactly once across re-polls and restarts: every imported post records its source ({@code
 * "source": {"feed": URL, "item": KEY}}); on its first poll the importer reads the account's feed back
 * and rebuilds the set of keys already posted from it. A post and its record are one signed entry, so
 * there is no moment where one exists without the other.
 *
 * <p>Posts go through the {@code scurry:post} producer ({@link ScurryWriter}, with the source as
 * extra content fields), like every route's writes. Polls of one importer are serialized. Fetching uses {@link HttpClient}: 10 s to connect, 30 s
 * for the whole answer, redirects followed, at most 5 MiB of body.
 */
public final class FeedImporter {
    private static final Logger LOG = LoggerFactory.getLogger(FeedImporter.class);
    /** Largest feed document read, in bytes. */
    public static final int MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int PAGE = 200;

    private final Node node;
    private final AccountRegistry accounts;
    private final HttpClient http;
    private final URI uri;
    private final String url;
    private final int maxPostChars;
    private final String accountName;

    private volatile ScurryWriter writer;
    private Set<String> seen; // null until the first poll has read the account's feed
    private String etag;
    private String lastModified;

    public FeedImporter(Node node, AccountRegistry accounts, HttpClient http, String url, int maxPostChars) {
        this.node = node;
        this.accounts = accounts;
        this.http = http;
        this.url = url.trim();
        this.uri = checkedUri(this.url);
        this.maxPostChars = maxPostChars;
        this.accountName = ImportTranslator.accountName(this.url);
    }

    /** An HTTP client fit for importers: connect timeout, redirects (not from https to http). */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Throws IllegalArgumentException unless {@code url} is an absolute http or https URL. */
    public static URI checkedUri(String url) {
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException("an imported feed must be an http or https URL: " + url);
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("an imported feed must be an http or https URL: " + url, e);
        }
    }

    /** Posts go through {@code writer} (the {@code scurry:post} producer): set before the first poll. */
    public void writeThrough(ScurryWriter writer) {
        this.writer = writer;
    }

    private ScurryWriter writer() {
        ScurryWriter w = writer;
        if (w == null) {
            throw new IllegalStateException("import " + url + ": no ScurryWriter to post through (writeThrough)");
        }
        return w;
    }

    /** The node the feed is imported into. */
    public Node node() {
        return node;
    }

    public String url() {
        return url;
    }

    private volatile org.scurry.routes.metrics.BridgeMeter meter = org.scurry.routes.metrics.BridgeMeter.NONE;

    /** Where to count items imported ({@code in}) and failed polls ({@code fetch_failed}). */
    public void meter(org.scurry.routes.metrics.BridgeMeter meter) {
        this.meter = meter == null ? org.scurry.routes.metrics.BridgeMeter.NONE : meter;
    }

    /** The name of the account the feed is posted as. */
    public String accountName() {
        return accountName;
    }

    /**
     * Fetches the feed once and posts its new items. Returns how many were posted. Throws on a failed
     * fetch or a document that is not a feed; nothing is posted then.
     */
    public synchronized int poll() throws IOException, InterruptedException {
        Optional<byte[]> document = fetch();
        if (document.isEmpty()) {
            LOG.debug("import {}: not modified", LogText.of(url));
            return 0;
        }
        SyndFeed feed = ImportTranslator.parse(document.get());
        List<ImportItem> items = ImportTranslator.items(feed, maxPostChars);
        FeedId id = account().id();
        if (seen == null) {
            seen = importedKeys(id);
        }
        Optional<String> name = ImportTranslator.displayName(feed);
        if (name.isPresent() && !name.equals(node.displayName(id))) {
            node.setProfile(id, name.get(), "Imported from " + url);
        }
        int posted = 0;
        for (ImportItem item : items) {
            if (seen.contains(item.key())) {
                continue;
            }
            writer().post(id, item.text(), null, ImportTranslator.sourceFields(url, item));
            seen.add(item.key());
            posted++;
            meter.in(org.scurry.routes.feeds.FeedRoutes.BRIDGE_NAME);
        }
        if (posted > 0) {
            LOG.info("import {}: posted {} new item(s) as {}", LogText.of(url), posted, accountName);
        }
        return posted;
    }

    /** {@link #poll()}, with a failure logged as one clear line instead of thrown. */
    public int pollLogged() {
        try {
            return poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            meter.refused(org.scurry.routes.feeds.FeedRoutes.BRIDGE_NAME, "fetch_failed");
            LOG.warn(
                    "import {}: poll failed, will retry at the next interval: {}",
                    LogText.of(url),
                    LogText.of(describe(e)));
            LOG.debug("import {}: poll failure", LogText.of(url), e);
            return 0;
        }
    }

    /** The exception's class and the first message found along its causes. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private Account account() {
        return accounts.byName(accountName).orElseGet(() -> {
            Account created = accounts.create(accountName).account();
            LOG.info("import {}: created account {} ({})", LogText.of(url), accountName, created.id());
            return created;
        });
    }

    /** The keys of every item already imported from this URL, read from the account's own feed. */
    private Set<String> importedKeys(FeedId id) {
        Set<String> keys = new HashSet<>();
        if (!node.holds(id)) {
            return keys;
        }
        long before = Long.MAX_VALUE;
        while (true) {
            List<Entry> page = node.feed(id, before, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (Entry e : page) {
                ImportTranslator.importedKey(e, url).ifPresent(keys::add);
                before = Math.min(before, e.seq());
            }
            if (before <= 1) {
                break;
            }
        }
        return keys;
    }

    /** The document, or empty when the server says it has not changed since the last fetch. */
    private Optional<byte[]> fetch() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5")
                .header("User-Agent", "Scurry-import/1");
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        HttpResponse<InputStream> response =
                http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 304) {
                return Optional.empty();
            }
            if (status != 200) {
                throw new IOException("HTTP " + status + " from " + url);
            }
            byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw new IOException("document larger than " + MAX_DOCUMENT_BYTES + " bytes at " + url);
            }
            etag = response.headers().firstValue("ETag").orElse(null);
            lastModified = response.headers().firstValue("Last-Modified").orElse(null);
            return Optional.of(bytes);
        }
    }
}
