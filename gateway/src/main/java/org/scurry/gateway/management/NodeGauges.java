package org.scurry.gateway.management;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import org.scurry.swarm.CatchUp;
import org.scurry.swarm.Node;
import org.scurry.swarm.history.CustodyStatus;
import org.scurry.swarm.spi.StoreStats;
import org.scurry.swarm.spi.TransportStats;

/**
 * The node's state as gauges: peers, store size, catch-up lag per feed group, a history server's
 * custody counts, readiness (docs/operations.md). The figures are read together into a snapshot at
 * most once a second, so one scrape asks the replication thread once, not once per gauge; a scrape
 * may then wait up to a few seconds on a busy node (Node#catchUp, Node#custody), which is why
 * {@code /metrics} runs off the event loop and the health checks never read these.
 */
public final class NodeGauges {
    private static final long FRESH_NANOS = 1_000_000_000L;
    private static final CustodyStatus NO_CUSTODY =
            new CustodyStatus(0, 0, 0, 0, new java.util.TreeMap<>(), 0, java.util.Map.of());

    private record Snapshot(
            long at, int peers, StoreStats store, TransportStats transport, CatchUp catchUp, CustodyStatus custody) {}

    private final Node node;
    private volatile Snapshot last;

    private NodeGauges(Node node) {
        this.node = node;
    }

    /** Registers the node's gauges on {@code registry}. */
    public static NodeGauges bind(Node node, MeterRegistry registry) {
        NodeGauges g = new NodeGauges(node);
        g.gauge(registry, "scurry.peers", "peers linked now", s -> s.peers());
        g.gauge(registry, "scurry.store.size.bytes", "bytes the store occupies on disk", s -> s.store()
                .diskBytes());
        g.gauge(registry, "scurry.store.entries", "entries held", s -> s.store().entries());
        g.gauge(registry, "scurry.store.feeds", "feeds held", s -> s.store().feeds());
        g.gauge(registry, "scurry.transport.queued.bytes", "bytes queued for peers, not yet sent", s -> s.transport()
                .queuedBytes());
        Gauge.builder("scurry.ready", node, n -> n.health().ready() ? 1 : 0)
                .strongReference(true) // else Micrometer holds it weakly and it is collected
                .description("1 when the store takes writes, 0 while it refuses them (a full disk)")
                .register(registry);
        for (String group : CatchUp.GROUPS) {
            g.groupGauge(registry, "scurry.catchup.feeds", "wanted feeds in the group", group, c -> c.feeds());
            g.groupGauge(
                    registry,
                    "scurry.catchup.behind.feeds",
                    "feeds of the group a linked peer holds more of",
                    group,
                    c -> c.behind());
            g.groupGauge(
                    registry,
                    "scurry.catchup.lag.entries",
                    "entries linked peers hold beyond what is held here, summed over the group",
                    group,
                    c -> c.entries());
        }
        if (node.config().history().server()) {
            g.gauge(registry, "scurry.history.archived.feeds", "feeds assigned to this history server", s -> custody(s)
                    .archived());
            g.gauge(registry, "scurry.history.whole.feeds", "archived feeds held whole from seq 1", s -> custody(s)
                    .whole());
            g.gauge(
                    registry,
                    "scurry.history.restoring.feeds",
                    "archived feeds whose pruned past is being fetched back",
                    s -> custody(s).restoring());
            g.gauge(registry, "scurry.history.min.copies", "the fewest copies of any archived feed", s -> custody(s)
                    .minCopies());
            int k = node.config().history().copies();
            for (int c = 0; c <= k; c++) {
                int copies = c;
                boolean last = c == k;
                Gauge.builder("scurry.history.copies.feeds", g, x -> {
                            java.util.SortedMap<Integer, Integer> all =
                                    custody(x.snapshot()).copies();
                            return last
                                    ? all.tailMap(copies).values().stream()
                                            .mapToInt(Integer::intValue)
                                            .sum()
                                    : all.getOrDefault(copies, 0);
                        })
                        .strongReference(true)
                        .description("archived feeds with this many copies (k = " + k + " wanted)")
                        .tag("copies", c == k ? k + "+" : Integer.toString(c))
                        .register(registry);
            }
        }
        return g;
    }

    private static CustodyStatus custody(Snapshot s) {
        CustodyStatus c = s.custody();
        return c != null ? c : NO_CUSTODY;
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> f) {
        Gauge.builder(name, this, g -> f.applyAsDouble(g.snapshot()))
                .strongReference(true)
                .description(description)
                .register(registry);
    }

    private void groupGauge(
            MeterRegistry registry, String name, String description, String group, ToDoubleFunction<CatchUp.Group> f) {
        Gauge.builder(
                        name,
                        this,
                        g -> f.applyAsDouble(g.snapshot().catchUp().groups().get(group)))
                .strongReference(true)
                .description(description)
                .tag("group", group)
                .register(registry);
    }

    /** The figures, read again when the last read is over a second old. */
    synchronized Snapshot snapshot() {
        Snapshot s = last;
        long now = System.nanoTime();
        if (s == null || now - s.at() > FRESH_NANOS) {
            s = new Snapshot(
                    now,
                    node.peers().size(),
                    node.store().stats(),
                    node.transportStats(),
                    node.catchUp(),
                    node.custody());
            last = s;
        }
        return s;
    }
}
