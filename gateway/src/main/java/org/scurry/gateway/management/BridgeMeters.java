package org.scurry.gateway.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.scurry.routes.metrics.BridgeMeter;

/**
 * The bridges' counters on a Micrometer registry: {@code scurry_bridge_messages_total{bridge,
 * direction}} and {@code scurry_bridge_refused_total{bridge, reason}} (docs/operations.md).
 * Thread-safe; never blocks. Labels come from the routes' fixed words only.
 */
public final class BridgeMeters implements BridgeMeter {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** Registers in/out at 0 for each of {@code bridges} that is on, so a scrape shows them from the start. */
    public BridgeMeters(MeterRegistry registry, Iterable<String> bridges) {
        this.registry = registry;
        for (String b : bridges) {
            messages(b, "in");
            messages(b, "out");
        }
    }

    @Override
    public void in(String bridge) {
        messages(bridge, "in").increment();
    }

    @Override
    public void out(String bridge, int messages) {
        messages(bridge, "out").increment(messages);
    }

    @Override
    public void refused(String bridge, String reason) {
        counters.computeIfAbsent(bridge + "/refused/" + reason, k -> Counter.builder("scurry.bridge.refused")
                        .description("messages from outside that were refused (nothing posted), by reason")
                        .tag("bridge", bridge)
                        .tag("reason", reason)
                        .register(registry))
                .increment();
    }

    private Counter messages(String bridge, String direction) {
        return counters.computeIfAbsent(bridge + "/" + direction, k -> Counter.builder("scurry.bridge.messages")
                .description("messages the bridge took in from outside or sent out")
                .tag("bridge", bridge)
                .tag("direction", direction)
                .register(registry));
    }
}
