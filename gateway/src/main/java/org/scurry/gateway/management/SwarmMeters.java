package org.scurry.gateway.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.scurry.swarm.spi.NodeMeter;

/**
 * The node's counters on a Micrometer registry: what the swarm tells its {@link NodeMeter} becomes
 * {@code scurry_entries_*_total} and the {@code scurry_store_append_seconds} timer
 * (docs/operations.md lists them). Thread-safe; never blocks.
 */
public final class SwarmMeters implements NodeMeter {
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter verified;
    private final Counter duplicates;
    private final Counter stored;
    private final Counter sent;
    private final Timer append;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    public SwarmMeters(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("scurry.entries.received")
                .description("entries peers sent, before any check (live streams and range chunks)")
                .register(registry);
        this.verified = Counter.builder("scurry.entries.verified")
                .description("entries from peers that passed the entry checks (signature, layout, time, content)")
                .register(registry);
        this.duplicates = Counter.builder("scurry.entries.duplicate")
                .description("verified entries from peers that were already held")
                .register(registry);
        this.stored = Counter.builder("scurry.entries.stored")
                .description("entries from peers appended to the store")
                .register(registry);
        this.sent = Counter.builder("scurry.entries.sent")
                .description("entries sent to peers")
                .register(registry);
        this.append = Timer.builder("scurry.store.append")
                .description("one store append transaction (replicated entries and local posts)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        // the usual reasons from the start, so a scrape shows 0 rather than nothing
        for (String r :
                new String[] {"bad_signature", "malformed", "unwanted", "gap", "bad_prev", "fork", "store_unavailable"
                }) {
            refusedCounter(r);
        }
    }

    @Override
    public void received(int entries) {
        received.increment(entries);
    }

    @Override
    public void verified(int entries) {
        verified.increment(entries);
    }

    @Override
    public void refused(String reason, int entries) {
        refusedCounter(reason).increment(entries);
    }

    @Override
    public void duplicates(int entries) {
        duplicates.increment(entries);
    }

    @Override
    public void stored(int entries) {
        stored.increment(entries);
    }

    @Override
    public void sent(int entries) {
        sent.increment(entries);
    }

    @Override
    public void appended(int entries, long nanos) {
        append.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Reasons are the swarm's fixed words (NodeMeter#refused), so the set of counters stays small. */
    private Counter refusedCounter(String reason) {
        return refused.computeIfAbsent(reason, r -> Counter.builder("scurry.entries.refused")
                .description("entries from peers not kept, by reason")
                .tag("reason", r)
                .register(registry));
    }
}
