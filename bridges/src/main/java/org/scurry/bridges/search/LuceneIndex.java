package org.scurry.bridges.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.scurry.swarm.util.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index on disk, with the store position it has taken everything up to. The position is
 * written in the same Lucene commit as the documents ({@link #commit}), so after a crash the index
 * and its position agree: indexing resumes there, and the entries indexed again replace their
 * documents (one per entry id) instead of adding twins.
 *
 * <p>A directory that holds no index, an index of another {@link #LAYOUT}, or one Lucene cannot
 * open (corrupt, truncated) is emptied and begun again at position 0: the index only ever holds
 * what the store holds, so it can always be rebuilt from it. Not thread-safe for writes (the
 * indexer's thread); {@link #searchers} may be used from any thread.
 */
final class LuceneIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);

    /** Commit data keys. */
    private static final String POSITION_KEY = "scurry.position";

    private static final String LAYOUT_KEY = "scurry.layout";
    /** Bumped when the fields change: an index of another layout is rebuilt. */
    static final String LAYOUT = "2";

    private final Path dir;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final long openedAt;
    private final boolean rebuilt;

    private LuceneIndex(Path dir, Directory directory, IndexWriter writer, long position, boolean rebuilt)
            throws IOException {
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.openedAt = position;
        this.rebuilt = rebuilt;
    }

    /** Opens the index in {@code dir} (made owner-only), rebuilding it empty when it cannot be used. */
    static LuceneIndex open(Path dir) {
        try {
            OwnerOnly.directory(dir);
            try {
                return openExisting(dir);
            } catch (IOException | RuntimeException e) {
                LOG.warn("the search index in {} cannot be used ({}): rebuilding it from the store", dir, e.toString());
                empty(dir);
                return create(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static LuceneIndex openExisting(Path dir) throws IOException {
        Directory directory = OwnerOnlyDirectory.open(dir);
        try {
            if (!DirectoryReader.indexExists(directory)) {
                directory.close();
                return create(dir);
            }
            Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
            if (!LAYOUT.equals(data.get(LAYOUT_KEY))) {
                throw new IOException("index layout " + data.get(LAYOUT_KEY) + ", not " + LAYOUT);
            }
            long position = Long.parseLong(data.getOrDefault(POSITION_KEY, "0"));
            IndexWriter writer = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.APPEND));
            try (DirectoryReader check = DirectoryReader.open(writer)) {
                check.numDocs(); // opens every segment: a damaged one fails here, not in a search later
            } catch (IOException | RuntimeException e) {
                writer.rollback();
                throw e;
            }
            return new LuceneIndex(dir, directory, writer, position, false);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static LuceneIndex create(Path dir) throws IOException {
        Directory directory = OwnerOnlyDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE));
        writer.setLiveCommitData(Map.of(POSITION_KEY, "0", LAYOUT_KEY, LAYOUT).entrySet());
        writer.commit();
        return new LuceneIndex(dir, directory, writer, 0, true);
    }

    private static IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer());
        config.setOpenMode(mode);
        config.setCommitOnClose(false); // only commit() writes the position with the documents
        config.setRAMBufferSizeMB(64);
        return config;
    }

    /** Deletes everything in {@code dir} but the directory itself. */
    private static void empty(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The store position the last commit had taken everything up to, as found when opened. */
    long openedAt() {
        return openedAt;
    }

    /** Whether the index was begun empty on open (none was there, or it could not be used). */
    boolean rebuilt() {
        return rebuilt;
    }

    Analyzer analyzer() {
        return analyzer;
    }

    Path dir() {
        return dir;
    }

    /** Adds the document of entry {@code id}, replacing one indexed before. */
    void put(String id, Document doc) throws IOException {
        writer.updateDocument(new Term(IndexFields.ID, id), doc);
    }

    /** Makes what was put durable, together with {@code position}. */
    void commit(long position) throws IOException {
        writer.setLiveCommitData(Map.of(POSITION_KEY, Long.toString(position), LAYOUT_KEY, LAYOUT)
                .entrySet());
        writer.commit();
    }

    /** Makes what was put visible to searches (not durable). */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    SearcherManager searchers() {
        return searchers;
    }

    /** Documents in the index, as the searchers last saw it. */
    int documents() throws IOException {
        var searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    /** Closes without committing: what was not committed is indexed again from the store next time. */
    @Override
    public void close() throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.close();
            } finally {
                directory.close();
            }
        }
    }
}
