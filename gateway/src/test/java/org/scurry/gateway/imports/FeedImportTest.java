package org.scurry.gateway.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.bridges.imports.ImportTranslator;
import org.scurry.gateway.accounts.AccountStore;
import org.scurry.routes.imports.FeedImporter;
import org.scurry.routes.imports.ImportRoutes;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;

/**
 * Import end to end over real HTTP: an Atom document served by the JDK's HTTP server, a real node
 * (H2 store in a temp dir) and the gateway's account store on the same directory.
 */
class FeedImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private HttpServer server;
    private final AtomicReference<String> atom = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> entries = Collections.synchronizedList(new ArrayList<>());
    private Node node;
    private AccountStore accounts;
    /** Importers post through this context's scurry:post producer, as under ImportRoutes. */
    private DefaultCamelContext camel;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/blog.atom", exchange -> {
            requests.incrementAndGet();
            byte[] body = atom.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/atom+xml; charset=utf-8");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/big.atom", exchange -> {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) { // 6.4 MiB
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client stopped reading: expected
            }
        });
        server.start();
        entries.add(entry("tag:ada,2023:1", "First post", "https://ada.example/1", "2023-01-01T10:00:00Z"));
        entries.add(entry("tag:ada,2023:2", "Second post", "https://ada.example/2", "2023-01-02T10:00:00Z"));
        serve();
        openNode();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        camel.stop();
        node.close();
    }

    private void openNode() {
        node = Node.open(NodeConfig.defaults(data).withListen("127.0.0.1", 0).withDiscoveredPeers(0));
        accounts = AccountStore.open(data, null, AccountStore.Host.of(node));
        if (camel != null) {
            camel.stop();
        }
        camel = new DefaultCamelContext();
        camel.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/blog.atom";
    }

    private static String entry(String id, String title, String link, String updated) {
        return """
                <entry><id>%s</id><title>%s</title><link href="%s"/><updated>%s</updated>
                  <author><name>Ada</name></author><summary>…</summary></entry>
                """
                .formatted(id, title, link, updated);
    }

    /** Serves the entries newest first, as feeds do. */
    private void serve() {
        List<String> newestFirst = new ArrayList<>(entries);
        Collections.reverse(newestFirst);
        atom.set(
                """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>Ada's   blog</title><id>tag:ada,2023:feed</id><updated>2023-01-03T00:00:00Z</updated>
                  %s
                </feed>
                """
                        .formatted(String.join("\n", newestFirst)));
    }

    private FeedImporter importer(int maxChars) {
        FeedImporter importer = new FeedImporter(node, accounts, FeedImporter.defaultClient(), url(), maxChars);
        importer.writeThrough(ScurryWriter.on(camel, node));
        return importer;
    }

    private Account feedAccount() {
        return accounts.byName(ImportTranslator.accountName(url())).orElseThrow();
    }

    /** The texts of the account's posts, oldest first. */
    private List<String> posts() throws IOException {
        if (!node.holds(feedAccount().id())) {
            return List.of(); // the account exists, its first entry is being written
        }
        List<Entry> page = new ArrayList<>(node.feed(feedAccount().id(), Long.MAX_VALUE, 200));
        Collections.reverse(page);
        List<String> texts = new ArrayList<>();
        for (Entry e : page) {
            if (e.kind().equals("post")) {
                texts.add(JSON.readTree(e.content()).path("text").asText());
            }
        }
        return texts;
    }

    @Test
    void importsEachItemExactlyOnceAcrossRepollsNewItemsAndRestarts() throws Exception {
        FeedImporter importer = importer(1000);

        assertThat(importer.poll()).isEqualTo(2);

        Account account = feedAccount();
        assertThat(account.name()).matches("feed-[0-9a-f]{12}");
        assertThat(node.displayName(account.id())).contains("Ada's blog");
        assertThat(posts()).containsExactly("First post\nhttps://ada.example/1", "Second post\nhttps://ada.example/2");
        Entry newest = node.feed(account.id(), Long.MAX_VALUE, 1).get(0);
        JsonNode source = JSON.readTree(newest.content()).path("source");
        assertThat(source.path("feed").asText()).isEqualTo(url());
        assertThat(source.path("item").asText()).isEqualTo("tag:ada,2023:2");

        assertThat(importer.poll()).isZero();
        assertThat(posts()).hasSize(2);

        entries.add(entry("tag:ada,2023:3", "Third post", "https://ada.example/3", "2023-01-03T10:00:00Z"));
        serve();
        assertThat(importer.poll()).isEqualTo(1);
        assertThat(importer.poll()).isZero();
        assertThat(posts())
                .containsExactly(
                        "First post\nhttps://ada.example/1",
                        "Second post\nhttps://ada.example/2",
                        "Third post\nhttps://ada.example/3");

        // Restart: node, accounts and importer all new, on the same data directory.
        node.close();
        openNode();
        FeedImporter again = importer(1000);
        assertThat(again.poll()).isZero();
        entries.add(entry("tag:ada,2023:4", "Fourth post", "https://ada.example/4", "2023-01-04T10:00:00Z"));
        serve();
        assertThat(again.poll()).isEqualTo(1);
        assertThat(posts()).hasSize(4).endsWith("Fourth post\nhttps://ada.example/4");
        assertThat(accounts.list()).hasSize(1);
    }

    @Test
    void longTitlesAreShortenedWithAnEllipsisKeepingTheLink() throws Exception {
        entries.clear();
        entries.add(entry(
                "x",
                "A title that is much too long for this node's small post limit",
                "https://a.example/x",
                "2023-01-01T00:00:00Z"));
        serve();

        assertThat(importer(40).poll()).isEqualTo(1);

        String text = posts().get(0);
        assertThat(text).isEqualTo("A title that is muc…\nhttps://a.example/x");
        assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(40);
    }

    @Test
    void aFailedPollPostsNothingAndTheNextOneCatchesUp() throws Exception {
        FeedImporter importer = importer(1000);
        status.set(503);
        assertThatThrownBy(importer::poll).isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
        assertThat(importer.pollLogged()).isZero();

        status.set(200);
        atom.set("<html>not a feed</html>");
        assertThat(importer.pollLogged()).isZero();

        serve();
        assertThat(importer.pollLogged()).isEqualTo(2);
    }

    @Test
    void documentsOverFiveMebibytesAreRefused() {
        FeedImporter big = new FeedImporter(
                node,
                accounts,
                FeedImporter.defaultClient(),
                "http://127.0.0.1:" + server.getAddress().getPort() + "/big.atom",
                1000);
        assertThatThrownBy(big::poll).isInstanceOf(IOException.class).hasMessageContaining("larger than");
    }

    @Test
    void timerRoutesPollEachFeedAndAFailingFeedDoesNotStopTheOthers() throws Exception {
        FeedImporter broken =
                new FeedImporter(node, accounts, FeedImporter.defaultClient(), "http://127.0.0.1:1/nothing.atom", 1000);
        ImportRoutes routes = new ImportRoutes(List.of(broken, importer(1000)), Duration.ofMillis(200), Duration.ZERO);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(routes);
            camel.start();
            org.awaitility.Awaitility.await("posts within 20 s")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() ->
                            accounts.byName(ImportTranslator.accountName(url())).isPresent() && posts().size() >= 2);
            int polled = requests.get();
            org.awaitility.Awaitility.await("re-polls within 20 s")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> requests.get() >= polled + 2);
        }
        assertThat(posts()).hasSize(2);
    }
}
