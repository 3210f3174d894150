package org.scurry.routes.imports;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.scurry.bridges.accounts.AccountRegistry;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.swarm.Node;

/**
 * One Camel timer route per imported feed ({@code timer:import-N}, route id {@code import-N}, N from
 * 0 in configuration order), each polling its {@link FeedImporter}. A failed poll is logged and the
 * route waits for the next period; other feeds are not affected. The importers post through this
 * context's {@code scurry:post} producer.
 */
public final class ImportRoutes extends RouteBuilder {
    private final List<FeedImporter> importers;
    private final Duration interval;
    private final Duration firstDelay;

    public ImportRoutes(List<FeedImporter> importers, Duration interval, Duration firstDelay) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the import interval must be positive: " + interval);
        }
        this.importers = List.copyOf(importers);
        this.interval = interval;
        this.firstDelay = firstDelay;
    }

    /** Importers for {@code urls}, sharing one HTTP client, first poll 2 s after start. */
    public static ImportRoutes of(
            Node node, AccountRegistry accounts, List<String> urls, Duration interval, int maxPostChars) {
        HttpClient http = FeedImporter.defaultClient();
        List<FeedImporter> importers = new ArrayList<>();
        for (String url : urls) {
            importers.add(new FeedImporter(node, accounts, http, url, maxPostChars));
        }
        return new ImportRoutes(importers, interval, Duration.ofSeconds(2));
    }

    /** Where the importers count items imported and failed polls. */
    public ImportRoutes meter(org.scurry.routes.metrics.BridgeMeter meter) {
        importers.forEach(i -> i.meter(meter));
        return this;
    }

    public List<FeedImporter> importers() {
        return importers;
    }

    @Override
    public void configure() {
        Map<Node, ScurryWriter> writers = new IdentityHashMap<>();
        for (FeedImporter importer : importers) {
            importer.writeThrough(writers.computeIfAbsent(importer.node(), n -> ScurryWriter.on(getContext(), n)));
        }
        for (int i = 0; i < importers.size(); i++) {
            FeedImporter importer = importers.get(i);
            from("timer:import-" + i + "?period=" + interval.toMillis() + "&delay=" + firstDelay.toMillis())
                    .routeId("import-" + i)
                    .process(exchange -> importer.pollLogged());
        }
    }
}
