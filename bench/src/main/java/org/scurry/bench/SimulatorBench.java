package org.scurry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scurry.bench.sim.Delivery;
import org.scurry.bench.sim.FollowGraph;
import org.scurry.bench.sim.NatConfig;
import org.scurry.bench.sim.Population;
import org.scurry.bench.sim.SimConfig;
import org.scurry.bench.sim.SimReport;
import org.scurry.bench.sim.SwarmSimulator;

/**
 * The swarm simulator benchmark: for each size and offline share, runs the real replication code on
 * a simulated swarm ({@link SwarmSimulator}) beside the flooding and central-server models, adds the
 * figures to the results and draws {@code simulator.png}. Each run of a size uses its own seed (and
 * so its own graph); a size's population is shared by its offline shares. Each simulated swarm is
 * measured in {@code windows} windows one after the other, each reported as a run: a figure is the
 * median over every window of every swarm of its size and share (the run-time and heap figures,
 * which belong to a whole swarm, over the swarms). With NAT shares ({@code --sim-nat}), each
 * offline share is simulated at each of them on the same population; a cell with nodes behind NAT
 * is named {@code sim.n<nodes>.off<percent>.nat<percent>} and compared with the cell without NAT.
 */
public final class SimulatorBench {
    public static final String CHART = "simulator.png";
    static final double TARGET_REACH = 0.99;
    static final double TARGET_COPIES = 1.5;

    private final List<Integer> sizes;
    private final List<Double> offline;
    private final java.util.function.IntUnaryOperator runs;
    private final int windows;
    private final int posts;
    private final long seed;
    private final int dialFollowees;
    private final List<Double> nat;
    private final NatConfig relay;
    /** Reports by cell ({@link #key(int, double, double)}), then run. */
    private final Map<String, List<SimReport>> reports = new LinkedHashMap<>();

    /** {@code posts} ≤ 0 picks the default for the size; one window per swarm; no NAT. */
    public SimulatorBench(List<Integer> sizes, List<Double> offline, int runs, int posts, long seed) {
        this(sizes, offline, n -> runs, 1, posts, seed, SimConfig.BOOTSTRAP_PEERS, List.of(0.0), NatConfig.NONE);
    }

    /**
     * @param runs simulated swarms (seeds) of each size
     * @param windows measurement windows of each swarm
     * @param dialFollowees followed accounts each node has as configured peers (one by default)
     * @param nat shares of nodes behind NAT, each simulated at every offline share
     * @param relay the relays' settings (its share is replaced by each of {@code nat})
     */
    public SimulatorBench(
            List<Integer> sizes,
            List<Double> offline,
            java.util.function.IntUnaryOperator runs,
            int windows,
            int posts,
            long seed,
            int dialFollowees,
            List<Double> nat,
            NatConfig relay) {
        this.dialFollowees = dialFollowees;
        this.nat = List.copyOf(nat);
        this.relay = relay;
        this.sizes = List.copyOf(sizes);
        this.offline = List.copyOf(offline);
        this.runs = runs;
        this.windows = windows;
        this.posts = posts;
        this.seed = seed;
    }

    /** Posts per run: enough for stable percentiles, few enough to keep 10,000 nodes in minutes. */
    static int defaultPosts(int nodes) {
        return Math.max(50, Math.min(300, nodes / 10));
    }

    /** Runs every size, offline share and NAT share; returns the reports by cell, then run. */
    public Map<String, List<SimReport>> run(Results results, Path out) throws IOException {
        results.note(
                "simulator links",
                "each node has "
                        + (dialFollowees == Integer.MAX_VALUE ? "every" : String.valueOf(dialFollowees))
                        + " followed account(s) as configured peers; the Dialer adds links to cover the"
                        + " feeds it follows (at most "
                        + org.scurry.swarm.NodeConfig.FOLLOWED_PEERS
                        + " followed authors, from their address entries) and the discovered peers it"
                        + " keeps");
        if (nat.stream().anyMatch(x -> x > 0)) {
            results.note(
                    "simulator NAT",
                    String.format(
                            Locale.ROOT,
                            "behind NAT: %s of the nodes; each keeps %d relay(s); a relay takes at most %d NAT"
                                    + " nodes and %d tunnels; connection reversal %s; hole punching succeeds %.0f %%",
                            nat,
                            relay.relaysPerNode(),
                            relay.clientsPerRelay(),
                            relay.tunnelsPerRelay(),
                            relay.reversal() ? "on" : "off",
                            relay.punchSuccess() * 100));
        }
        for (int n : sizes) {
            for (int r = 0; r < runs.applyAsInt(n); r++) {
                long runSeed = seed + r;
                long t = System.nanoTime();
                Population population = Population.build(FollowGraph.powerLaw(n, 3, 300, runSeed), 2, runSeed);
                log(String.format(
                        Locale.ROOT,
                        "simulator: %,d nodes, %,d follows (most followers %,d), signed in %.1f s (run %d)",
                        n,
                        population.graph().edges(),
                        population.graph().maxFollowers(),
                        (System.nanoTime() - t) / 1e9,
                        r + 1));
                for (double f : offline) {
                    for (double x : nat) {
                        SimConfig c = SimConfig.standard(n, f, posts > 0 ? posts : defaultPosts(n), runSeed)
                                .withDialFollowees(dialFollowees)
                                .withWindows(windows)
                                .withNat(relay.withShare(x));
                        List<SimReport> windowReports = new SwarmSimulator(c, population).run();
                        reports.computeIfAbsent(key(n, f, x), k -> new ArrayList<>())
                                .addAll(windowReports);
                        windowReports.forEach(report -> log(summary(report)));
                        SimReport report = windowReports.get(0);
                        if (report.failedEvents() > 0) {
                            results.note(
                                    "simulator errors " + key(n, f, x),
                                    report.failedEvents() + " simulated events threw; the figures are suspect");
                        }
                    }
                }
                population = null; // let the stores and graph go before the next size
            }
        }
        addFigures(results);
        writeChart(sizes, offline, results, out);
        return reports;
    }

    /**
     * Draws {@link #CHART} in {@code out} from the simulator figures in {@code results} (so also
     * from figures that simulator runs in other processes reported, see {@link SimulatorJobs}) and
     * attaches it.
     */
    static void writeChart(List<Integer> sizes, List<Double> offline, Results results, Path out) throws IOException {
        Files.createDirectories(out);
        List<LineCharts.Panel> panels = chart(sizes, offline, results);
        if (panels.stream().allMatch(p -> p.series().isEmpty())) {
            // Only cells with nodes behind NAT: the chart is of the cells without NAT.
            results.note("simulator chart", "not drawn: no cell without NAT was simulated");
            return;
        }
        LineCharts.writePng(out.resolve(CHART), panels);
        results.attach(
                "Swarm simulator (real replication code, 50 ms links, 1 % loss, churn 5 %/min): reach, latency and"
                        + " duplicates against the offline share",
                CHART);
    }

    static String summary(SimReport r) {
        Delivery d = r.real();
        return String.format(
                Locale.ROOT,
                "simulator %,d nodes %.0f%% offline %.0f%% NAT, window %d: reached ≤1 s %.4f, ≤3 s %.4f (flooding %.4f,"
                        + " central %.4f), p50/p90/p99 %.0f/%.0f/%.0f ms, copies %.3f (flooding %.2f), relayed %.3f"
                        + " (most tunnels on a relay %d, most NAT nodes %d), %,.0f B/node, %d links/node,"
                        + " %.0f s wall, %.0f s CPU, %.0f MiB heap",
                r.config().nodes(),
                r.config().offlineShare() * 100,
                r.config().nat().share() * 100,
                r.window() + 1,
                d.reachedBySecond(),
                d.reachedByDeadline(),
                r.flooding().reachedByDeadline(),
                r.central().reachedByDeadline(),
                d.p50Millis(),
                d.p90Millis(),
                d.p99Millis(),
                d.copiesPerDelivered(),
                r.flooding().copiesPerDelivered(),
                r.relayedShare(),
                r.relayPeakTunnels(),
                r.relayPeakClients(),
                r.bytesPerNode(),
                Math.round(r.linksPerOnlineNode()),
                r.wallSeconds(),
                r.cpuSeconds(),
                r.heapUsedMiB());
    }

    /** The figure-name prefix of one size and offline share, e.g. {@code sim.n10000.off30}. */
    static String key(int n, double f) {
        return String.format(Locale.ROOT, "sim.n%d.off%02d", n, Math.round(f * 100));
    }

    /** The figure-name prefix of a cell, with {@code .nat<percent>} when nodes are behind NAT. */
    static String key(int n, double f, double nat) {
        return nat > 0 ? key(n, f) + String.format(Locale.ROOT, ".nat%02d", Math.round(nat * 100)) : key(n, f);
    }

    private static String where(int n, double f, double nat) {
        return nat > 0
                ? String.format(
                        Locale.ROOT,
                        "simulator %,d nodes, %.0f %% offline, %.0f %% behind NAT: ",
                        n,
                        f * 100,
                        nat * 100)
                : String.format(Locale.ROOT, "simulator %,d nodes, %.0f %% offline: ", n, f * 100);
    }

    private void addFigures(Results results) {
        reports.forEach((k, rs) -> {
            SimConfig config = rs.get(0).config();
            int n = config.nodes();
            double f = config.offlineShare();
            double x = config.nat().share();
            String w = where(n, f, x);
            boolean tenThousandAt30 = n == 10_000 && Math.abs(f - 0.3) < 1e-9;
            boolean target = tenThousandAt30 && (x == 0 || Math.abs(x - 0.7) < 1e-9);
            String issue = x == 0 ? "target, issue 6" : "target, issue 16";
            List<SimReport> withoutNat = reports.get(key(n, f));
            double central = median(rs, r -> r.central().reachedByDeadline());
            Figure reach = fig(k + ".reach3s", w + "online followers reached ≤ 3 s", "share", rs, r -> r.real()
                    .reachedByDeadline());
            results.add(
                    target
                            ? reach.withBaseline(TARGET_REACH, issue)
                            : x > 0 && withoutNat != null
                                    ? reach.withBaseline(
                                            median(withoutNat, r -> r.real().reachedByDeadline()), "no NAT, same run")
                                    : reach.withBaseline(central, "central server, same run"));
            results.add(fig(k + ".reach1s", w + "online followers reached ≤ 1 s", "share", rs, r -> r.real()
                    .reachedBySecond()));
            results.add(fig(k + ".reachHorizon", w + "reached within the 20 s horizon", "share", rs, r -> r.real()
                    .reachedByHorizon()));
            results.add(fig(k + ".p50", w + "delivery latency p50", "ms", rs, r -> r.real()
                    .p50Millis()));
            results.add(fig(k + ".p90", w + "delivery latency p90", "ms", rs, r -> r.real()
                    .p90Millis()));
            Figure p99 = fig(k + ".p99", w + "delivery latency p99", "ms", rs, r -> r.real()
                    .p99Millis());
            results.add(p99.withBaseline(median(rs, r -> r.flooding().p99Millis()), "flooding, same run"));
            Figure copies = fig(k + ".copies", w + "copies received per delivered entry", "copies", rs, r -> r.real()
                    .copiesPerDelivered());
            results.add(
                    target
                            ? copies.withBaseline(TARGET_COPIES, issue)
                            : x > 0 && withoutNat != null
                                    ? copies.withBaseline(
                                            median(withoutNat, r -> r.real().copiesPerDelivered()), "no NAT, same run")
                                    : copies.withBaseline(
                                            median(rs, r -> r.flooding().copiesPerDelivered()), "flooding, same run"));
            if (x > 0) {
                results.add(fig(
                        k + ".relayedShare",
                        w + "share of the posts' copies that came through a relay",
                        "share",
                        rs,
                        SimReport::relayedShare));
                results.add(fig(
                        k + ".relayBytesMax",
                        w + "bytes the busiest relay forwarded in a window",
                        "bytes",
                        rs,
                        SimReport::relayBytesMax));
                results.add(fig(
                        k + ".relayPeakTunnels",
                        w + "most tunnels open through one relay at once (whole swarm)",
                        "tunnels",
                        rs.stream().filter(r -> r.window() == 0).toList(),
                        SimReport::relayPeakTunnels));
                results.add(fig(
                        k + ".relayPeakClients",
                        w + "most NAT nodes one relay kept reservations for (whole swarm)",
                        "nodes",
                        rs.stream().filter(r -> r.window() == 0).toList(),
                        SimReport::relayPeakClients));
            }
            results.add(fig(
                            k + ".bytesPerNode",
                            w + "bytes per online node (all messages)",
                            "bytes",
                            rs,
                            r -> r.bytesPerNode())
                    .withBaseline(median(rs, r -> r.floodingBytesPerNode()), "flooding, entries only"));
            results.add(fig(k + ".flooding.reach3s", w + "flooding: reached ≤ 3 s", "share", rs, r -> r.flooding()
                    .reachedByDeadline()));
            results.add(fig(
                    k + ".flooding.copies", w + "flooding: copies per delivered entry", "copies", rs, r -> r.flooding()
                            .copiesPerDelivered()));
            results.add(fig(k + ".central.reach3s", w + "central server: reached ≤ 3 s", "share", rs, r -> r.central()
                    .reachedByDeadline()));
            List<SimReport> swarms = rs.stream().filter(r -> r.window() == 0).toList();
            results.add(fig(
                    k + ".wallSeconds",
                    w + "run time of a swarm, all its windows (wall clock)",
                    "s",
                    swarms,
                    SimReport::wallSeconds));
            results.add(fig(
                    k + ".cpuSeconds",
                    w + "run time of a swarm (CPU of the simulating thread)",
                    "s",
                    swarms,
                    SimReport::cpuSeconds));
            results.add(fig(k + ".heapMiB", w + "heap in use at the end", "MiB", swarms, SimReport::heapUsedMiB));
            results.note(
                    k,
                    String.format(
                            Locale.ROOT,
                            "%d run(s): %d swarm(s) (seeds from %d) × %d measurement window(s) of %,d posts;"
                                    + " first window: %,d (post, online follower) pairs; %,d deliveries; first"
                                    + " swarm: %,.0f links per online node; %,d entries verified; busiest node"
                                    + " %,.0f bytes in a window; %,d events",
                            rs.size(),
                            swarms.size(),
                            seed,
                            rs.size() / Math.max(1, swarms.size()),
                            rs.get(0).config().posts(),
                            rs.get(0).real().targets(),
                            rs.get(0).real().deliveries(),
                            rs.get(0).linksPerOnlineNode(),
                            rs.get(0).verifications(),
                            rs.get(0).bytesMaxNode(),
                            rs.get(0).events()));
        });
    }

    private static Figure fig(
            String name,
            String label,
            String unit,
            List<SimReport> rs,
            java.util.function.ToDoubleFunction<SimReport> value) {
        return Figure.of(name, label, unit, Figure.values(rs, value));
    }

    private static double median(List<SimReport> rs, java.util.function.ToDoubleFunction<SimReport> value) {
        return fig("m", "m", "", rs, value).median();
    }

    /**
     * Reach ≤ 3 s, latency percentiles and copies against the offline share, per size: the medians
     * of the figures in {@code results}. A size or share without figures is left out.
     */
    static List<LineCharts.Panel> chart(List<Integer> sizes, List<Double> offline, Results results) {
        Map<String, Figure> byName = new LinkedHashMap<>();
        results.figures().forEach(fig -> byName.put(fig.name(), fig));
        List<LineCharts.Series> reach = new ArrayList<>();
        List<LineCharts.Series> latency = new ArrayList<>();
        List<LineCharts.Series> copies = new ArrayList<>();
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int n : sizes) {
            String dash = n == largest ? "" : "5,3";
            String size = String.format(Locale.ROOT, "%,d", n);
            Series s = new Series(n, offline, byName);
            reach.add(s.of("Scurry " + size, dash, ".reach3s", 100));
            copies.add(s.of("Scurry " + size, dash, ".copies", 1));
            if (n == largest) {
                reach.add(s.of("flooding " + size, "2,2", ".flooding.reach3s", 100));
                reach.add(s.of("central " + size, "8,3", ".central.reach3s", 100));
                copies.add(s.of("flooding " + size, "2,2", ".flooding.copies", 1));
                latency.add(s.of("p50 " + size, "", ".p50", 1));
                latency.add(s.of("p90 " + size, "", ".p90", 1));
                latency.add(s.of("p99 " + size, "", ".p99", 1));
            } else {
                latency.add(s.of("p99 " + size, dash, ".p99", 1));
            }
        }
        String x = "nodes offline (%)";
        // A size whose cells all have nodes behind NAT has no point on this chart.
        reach.removeIf(r -> r.x().length == 0);
        latency.removeIf(r -> r.x().length == 0);
        copies.removeIf(r -> r.x().length == 0);
        return List.of(
                new LineCharts.Panel("Online followers reached ≤ 3 s", x, "%", 0, 100, reach),
                new LineCharts.Panel("Delivery latency (Scurry)", x, "ms", 0, Double.NaN, latency),
                new LineCharts.Panel("Copies per delivered entry", x, "copies", 0, Double.NaN, copies));
    }

    /** One size's figures, read as chart series over the offline shares. */
    private record Series(int n, List<Double> offline, Map<String, Figure> byName) {
        LineCharts.Series of(String name, String dash, String suffix, double scale) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double f : offline) {
                Figure fig = byName.get(key(n, f) + suffix);
                if (fig != null) {
                    xs.add(f * 100);
                    ys.add(fig.median() * scale);
                }
            }
            return new LineCharts.Series(
                    name,
                    xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray(),
                    dash);
        }
    }

    private static void log(String s) {
        System.err.println("== " + s);
    }
}
