package org.scurry.bridges.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;
import org.scurry.testkit.TestFeed;

/** The index on a real node (H2 files under a temp dir), with its indexing thread. */
class SearchIndexTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Node node;
    private SearchIndex search;

    @BeforeEach
    void open() {
        node = Node.open(NodeConfig.defaults(dir.resolve("node")).withListen("127.0.0.1", 0));
        search = SearchIndex.open(dir.resolve("search"), node).start();
    }

    @AfterEach
    void close() {
        if (search != null) {
            search.close();
        }
        node.close();
    }

    private void indexed() {
        await().atMost(LONG).until(search::caughtUp);
    }

    private List<EntryId> ids(String q, FeedId reader) {
        return search.search(q, reader, null, SearchIndex.MAX_LIMIT).entries().stream()
                .map(Entry::id)
                .toList();
    }

    @Test
    void wordsTagsAndNamesAreFoundNewestFirst() {
        FeedId bob = TestFeed.create().id();
        node.setProfile(node.id(), "Alice", "");
        Entry rain = node.post("Rain over the hills", null);
        Entry tagged = node.post("More rain today #Weather", null);
        Entry mention = node.post("Lunch with @Bob and " + bob, null);
        Entry other = node.post("Sunny and dry", null);
        indexed();

        assertThat(ids("rain", null)).containsExactly(tagged.id(), rain.id());
        assertThat(ids("RAIN hills", null)).containsExactly(rain.id());
        assertThat(ids("\"over the hills\"", null)).containsExactly(rain.id());
        assertThat(ids("\"the over\"", null)).isEmpty();
        assertThat(ids("#weather", null)).containsExactly(tagged.id());
        assertThat(ids("rain -hills", null)).containsExactly(tagged.id());
        assertThat(ids("@alice", null)).containsExactly(other.id(), mention.id(), tagged.id(), rain.id());
        assertThat(ids("@bob", null)).containsExactly(mention.id());
        assertThat(ids(bob.toString(), null)).containsExactly(mention.id());
        assertThat(ids("snow", null)).isEmpty();
        assertThat(search.documents()).as("posts only, not the profile").isEqualTo(4);
    }

    @Test
    void pagesFollowEachOtherWithoutRepeatsOrAnEmptyLastPage() {
        List<EntryId> posted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            posted.add(0, node.post("page test " + i, null).id());
        }
        node.post("unrelated", null);
        indexed();

        List<EntryId> seen = new ArrayList<>();
        SearchCursor next = null;
        int pages = 0;
        do {
            SearchPage page = search.search("page", null, next, 3);
            assertThat(page.entries()).isNotEmpty();
            page.entries().forEach(e -> seen.add(e.id()));
            next = page.next();
            pages++;
        } while (next != null);

        assertThat(seen).containsExactlyElementsOf(posted);
        assertThat(pages).isEqualTo(3);
        assertThat(search.search("page", null, null, 7).next())
                .as("exactly one full page")
                .isNull();
    }

    @Test
    void aProtectedPostIsFoundByItsOwnerOnlyNeverByAPublicCallerOrAStranger() {
        TestFeed stranger = TestFeed.create();
        node.host(stranger.signer());
        node.protection().setProtected(node.id(), true);
        Entry secret = node.post("secret plans #hidden", null);
        assertThat(secret.kind()).isEqualTo(Kind.SEALED);
        Entry open = node.post(stranger.id(), "open plans", null);
        indexed();

        assertThat(ids("plans", null)).containsExactly(open.id());
        assertThat(ids("#hidden", null)).isEmpty();
        assertThat(ids("plans", stranger.id())).containsExactly(open.id());
        List<Entry> owner = search.search("secret", node.id(), null, 10).entries();
        assertThat(owner).extracting(Entry::id).containsExactly(secret.id());
        assertThat(owner.get(0).isOpened()).isTrue();
        assertThat(ids("#hidden", node.id())).containsExactly(secret.id());
    }

    @Test
    void aRestartCatchesUpWithoutTwinsAndTheIndexIsOwnerOnly() throws Exception {
        node.post("before restart", null);
        indexed();
        search.close();
        search = null;
        node.post("while stopped restart", null);

        search = SearchIndex.open(dir.resolve("search"), node).start();
        indexed();

        assertThat(ids("restart", null)).hasSize(2);
        assertThat(search.documents()).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("search"))))
                .isEqualTo("rwx------");
        // Lucene makes its files with the umask's mode: each one, the lock included, is narrowed
        try (Stream<Path> files = Files.list(dir.resolve("search"))) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(f -> assertThat(
                            PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .as(f.getFileName().toString())
                    .isEqualTo("rw-------"));
        }
    }

    @Test
    void aCorruptIndexIsRebuiltFromTheStore() throws Exception {
        node.post("kept through corruption", null);
        indexed();
        search.close();
        search = null;
        try (Stream<Path> files = Files.list(dir.resolve("search"))) {
            for (Path f : files.filter(p -> !p.getFileName().toString().equals("write.lock"))
                    .toList()) {
                Files.write(f, new byte[] {1, 2, 3});
            }
        }

        search = SearchIndex.open(dir.resolve("search"), node).start();
        indexed();

        assertThat(ids("corruption", null)).hasSize(1);
    }

    @Test
    void badLimitsAndCursorsAreRefused() {
        assertThatThrownBy(() -> search.search("x", null, null, 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> search.search("x", null, null, SearchIndex.MAX_LIMIT + 1))
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> SearchCursor.parse("yesterday")).hasMessageContaining("next");
    }
}
