package org.scurry.gateway.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.scurry.swarm.Health;
import org.scurry.swarm.Node;

/**
 * Whether the gateway can do its work now: the store takes writes, the swarm port listens, and each
 * bridge that is on is connected (docs/operations.md). Each check is a volatile read or a client's
 * own connected flag: no store query, no wait on another thread, so a probe may call it every
 * second. Thread-safe.
 */
public final class Readiness {
    /** One check: its name and what is wrong (null when all is well). */
    public record Check(String name, Supplier<String> problem) {}

    /** The outcome: ready when no check has a problem; the problems by check name. */
    public record Result(boolean ready, Map<String, String> problems, List<String> checked) {}

    private final List<Check> checks;

    private Readiness(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The store's and the transport's checks, and {@code bridges} (one a bridge that is on). */
    public static Readiness of(Node node, List<Check> bridges) {
        List<Check> all = new ArrayList<>();
        all.add(new Check("store", () -> {
            Health h = node.health();
            return h.ready() ? null : h.reason();
        }));
        all.add(new Check("swarm", () -> node.listening() ? null : "the peer port is not listening"));
        all.addAll(bridges);
        return new Readiness(all);
    }

    public Result check() {
        Map<String, String> problems = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(checks.size());
        for (Check c : checks) {
            names.add(c.name());
            String p;
            try {
                p = c.problem().get();
            } catch (RuntimeException e) {
                p = "check failed: " + e;
            }
            if (p != null) {
                problems.put(c.name(), p);
            }
        }
        return new Result(problems.isEmpty(), problems, names);
    }
}
