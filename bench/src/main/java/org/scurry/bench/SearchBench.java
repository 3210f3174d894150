package org.scurry.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scurry.bridges.search.SearchIndex;
import org.scurry.bridges.search.SearchPage;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeConfig;

/**
 * Search over the big node's store (issue 17: "Search over 1,000,000 held entries: median query ≤
 * 50 ms"): the index is built afresh from the store on one thread ({@link SearchIndex#indexAll},
 * the same code the gateway's indexing thread runs), which gives the indexing rate; then each kind
 * of query is asked {@link #QUERIES} times after {@link #WARM_UP} unmeasured ones, newest 20 first,
 * every hit read back from the store as the API does. The posts are {@link Feeds}' prose of 32
 * words, so a one-word query matches about half of them: the worst case for a newest-first sort.
 */
public final class SearchBench {
    static final int WARM_UP = 50;
    static final int QUERIES = 300;
    static final int PAGE = 20;

    private final Path work;
    private final int entries;
    private final int feeds;

    public SearchBench(Path work, int entries, int feeds) {
        this.work = work;
        this.entries = entries;
        this.feeds = feeds;
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        Results results = new Results();
        new SearchBench(a.work(), a.bigEntries(), a.bigFeeds()).run(results, a.runs());
        results.write(a.out(), String.join(" ", args));
    }

    /** Builds the index {@code runs} times (the indexing rate), and measures the queries after the last. */
    public void run(Results results, int runs) throws Exception {
        Feeds.Built big = BigNodeBench.store(work, entries, feeds, results);
        FeedId oneFeed = big.feeds().get(big.feeds().size() / 2);
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        queries.put("common", "squirrel");
        queries.put("twoWords", "squirrel acorns");
        queries.put("phrase", "\"squirrel buried acorns\"");
        queries.put("author", "rain " + oneFeed);
        queries.put("absent", "zeppelin");
        Path indexDir = work.resolve("search-index");
        List<Double> rates = new ArrayList<>();
        Map<String, List<Double>> medians = new java.util.LinkedHashMap<>();
        Map<String, List<Double>> p99s = new java.util.LinkedHashMap<>();
        Map<String, Integer> hits = new java.util.HashMap<>();
        int documents = 0;
        try (Node node = Node.open(NodeConfig.defaults(big.dataDir()).withListen("127.0.0.1", 0))) {
            for (int r = 0; r < runs; r++) {
                Feeds.deleteTree(indexDir);
                try (SearchIndex index = SearchIndex.open(indexDir, node)) {
                    long t0 = System.nanoTime();
                    long read = index.indexAll();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    rates.add(read / seconds);
                    documents = index.documents();
                    System.err.printf("search: indexed %,d entries (%,d posts) in %.1f s%n", read, documents, seconds);
                    for (Map.Entry<String, String> q : queries.entrySet()) {
                        List<Double> millis = time(index, q.getValue());
                        medians.computeIfAbsent(q.getKey(), k -> new ArrayList<>())
                                .add(Figure.percentile(millis, 50));
                        p99s.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add(Figure.percentile(millis, 99));
                        hits.put(
                                q.getKey(),
                                index.search(q.getValue(), null, null, PAGE)
                                        .entries()
                                        .size());
                    }
                }
            }
        }
        String size = String.format("%,d entries", big.entries());
        results.note(
                "search",
                size + " in " + feeds + " feeds, " + documents + " posts indexed; queries (first page of " + PAGE
                        + ", hits on it): "
                        + queries.entrySet().stream()
                                .map(q -> q.getKey() + " " + q.getValue() + " (" + hits.get(q.getKey()) + ")")
                                .toList()
                        + "; " + QUERIES + " timed after " + WARM_UP + " unmeasured, per run");
        results.add(Figure.of(
                "search.indexEntriesPerSecond",
                "search: index built from the store (" + size + ", one thread)",
                "entries/s",
                rates));
        for (String k : queries.keySet()) {
            results.add(Figure.of(
                            "search." + k + ".medianMillis",
                            "search over " + size + ": " + k + " query, median",
                            "ms",
                            medians.get(k))
                    .withBaseline(50, "issue 17: median query ≤ 50 ms"));
            results.add(Figure.of(
                    "search." + k + ".p99Millis", "search over " + size + ": " + k + " query, p99", "ms", p99s.get(k)));
        }
    }

    private static List<Double> time(SearchIndex index, String q) {
        for (int i = 0; i < WARM_UP; i++) {
            index.search(q, null, null, PAGE);
        }
        List<Double> millis = new ArrayList<>(QUERIES);
        for (int i = 0; i < QUERIES; i++) {
            long t0 = System.nanoTime();
            SearchPage page = index.search(q, null, null, PAGE);
            millis.add((System.nanoTime() - t0) / 1e6);
            if (page.entries().size() > PAGE) {
                throw new IllegalStateException(
                        "more than a page: " + page.entries().size());
            }
        }
        return millis;
    }
}
