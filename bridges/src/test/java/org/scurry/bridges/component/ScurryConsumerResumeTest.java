package org.scurry.bridges.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;

/**
 * A consumer with a consumerId on a real node (H2 files under a temp dir): it resumes after a
 * restart of its Camel context or of the node, with nothing lost and nothing emitted twice.
 */
class ScurryConsumerResumeTest {
    private static final String URI = "scurry:entries?consumerId=resume-test&kind=post";
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Node node;
    private CamelOnNode camel;

    @BeforeEach
    void open() {
        node = Node.open(NodeConfig.defaults(dir).withListen("127.0.0.1", 0));
    }

    @AfterEach
    void close() {
        if (camel != null) {
            camel.close();
        }
        node.close();
    }

    private List<Entry> received() {
        return camel.received.stream().map(e -> e.getIn().getBody(Entry.class)).toList();
    }

    private CamelOnNode startCamel() throws Exception {
        camel = new CamelOnNode(node);
        return camel.collect(URI);
    }

    private List<Entry> post(String prefix, int n) {
        List<Entry> posts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            posts.add(node.post(prefix + " " + i, null));
        }
        return posts;
    }

    @Test
    void aRestartedContextResumesAfterTheLastEntryItEmitted() throws Exception {
        post("before the first start", 3);
        startCamel();
        List<Entry> first = post("first run", 5);
        await().atMost(LONG).until(() -> received().size() >= 5);
        assertThat(received()).as("starts after what was stored before").containsExactlyElementsOf(first);
        camel.close();

        List<Entry> whileStopped = post("while stopped", 7);
        startCamel();
        List<Entry> second = post("second run", 2);

        List<Entry> expected = new ArrayList<>(whileStopped);
        expected.addAll(second);
        await().atMost(LONG).until(() -> received().size() >= 9);
        assertThat(received()).containsExactlyElementsOf(expected);
        Path file = dir.resolve("consumers").resolve("resume-test.position");
        // Saved once a store pass has gone over what was emitted (0.1 s after the last one).
        await().atMost(LONG)
                .until(() -> Files.isRegularFile(file)
                        && Files.readString(file)
                                .trim()
                                .equals(Long.toString(node.store().lastArrival())));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aRestartedNodeAndContextResumeWhereTheyStopped() throws Exception {
        startCamel();
        List<Entry> first = post("first run", 4);
        await().atMost(LONG).until(() -> received().size() >= 4);
        assertThat(received()).containsExactlyElementsOf(first);
        camel.close();
        camel = null;
        List<Entry> beforeClose = post("after the routes stopped", 3);
        node.close();

        node = Node.open(NodeConfig.defaults(dir).withListen("127.0.0.1", 0));
        List<Entry> afterOpen = post("after the node opened again", 3);
        startCamel();

        List<Entry> expected = new ArrayList<>(beforeClose);
        expected.addAll(afterOpen);
        await().atMost(LONG).until(() -> received().size() >= 6);
        assertThat(received()).containsExactlyElementsOf(expected);
    }

    @Test
    void aPositionBeyondTheStoresEndStartsAgainFromTheEnd() throws Exception {
        post("held", 2);
        Files.createDirectories(dir.resolve("consumers"));
        Files.writeString(dir.resolve("consumers").resolve("resume-test.position"), "1000000\n");

        startCamel();
        List<Entry> next = post("next", 2);

        await().atMost(LONG).until(() -> received().size() >= 2);
        assertThat(received()).containsExactlyElementsOf(next);
    }

    @Test
    void aPositionFileThatHoldsNoPositionStopsTheStartWithItsName() throws Exception {
        Files.createDirectories(dir.resolve("consumers"));
        Files.writeString(dir.resolve("consumers").resolve("resume-test.position"), "twelve\n");

        assertThatThrownBy(this::startCamel)
                .hasStackTraceContaining("resume-test.position holds no position")
                .hasStackTraceContaining("twelve");
    }
}
