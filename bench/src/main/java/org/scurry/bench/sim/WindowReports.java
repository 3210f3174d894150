package org.scurry.bench.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.scurry.swarm.Entry;

/**
 * Turns a finished simulation's tracked posts and traffic counters into one {@link SimReport} per
 * measurement window: delivery by the real code and the two models, bytes, relay load.
 */
final class WindowReports {
    /** One measurement window's counters (bytes, bytes relayed) per node at its start and end. */
    record Window(int index, long[] bytesAtStart, long[] bytesAtEnd, long[] relayedAtStart, long[] relayedAtEnd) {}

    /** What belongs to the whole simulated swarm, the same in each window's report. */
    record Swarm(
            double linksPerOnlineNode,
            long verifications,
            double wallSeconds,
            double cpuSeconds,
            double preloadSeconds,
            long events,
            long failedEvents,
            double heapUsedMiB,
            int relayPeakTunnels,
            int relayPeakClients) {}

    private final SimConfig config;

    WindowReports(SimConfig config) {
        this.config = config;
    }

    List<SimReport> build(List<Window> windows, Collection<TrackedPost> posts, double onlineNodes, Swarm swarm) {
        List<SimReport> reports = new ArrayList<>();
        for (Window w : windows) {
            double total = 0;
            double max = 0;
            double relayMax = 0;
            for (int i = 0; i < config.nodes(); i++) {
                long b = w.bytesAtEnd[i] - w.bytesAtStart[i];
                total += b;
                max = Math.max(max, b);
                relayMax = Math.max(relayMax, w.relayedAtEnd[i] - w.relayedAtStart[i]);
            }
            List<TrackedPost> mine =
                    posts.stream().filter(p -> windowOf(p) == w.index).toList();
            Delivery real = summarise(mine, p -> p.real, p -> p.copies, p -> p.deliveries);
            Delivery flood = summarise(mine, p -> p.flood.arrivals(), p -> p.flood.copies(), p -> p.flood.deliveries());
            Delivery central =
                    summarise(mine, p -> p.central.arrivals(), p -> p.central.copies(), p -> p.central.deliveries());
            double floodBytes = 0;
            double centralClientBytes = 0;
            double serverBytes = 0;
            long receptions = 0;
            long relayed = 0;
            for (TrackedPost p : mine) {
                long size = entryMessageBytes(p.entry);
                floodBytes += 2.0 * p.flood.messages() * size;
                centralClientBytes += (p.central.messages() > 0 ? 1 : 0) * size + p.central.deliveries() * size;
                serverBytes += p.central.messages() * size;
                receptions += p.receptions;
                relayed += p.relayedReceptions;
            }
            reports.add(new SimReport(
                    config,
                    w.index,
                    real,
                    flood,
                    central,
                    total / onlineNodes,
                    max,
                    floodBytes / onlineNodes,
                    centralClientBytes / onlineNodes,
                    serverBytes,
                    swarm.linksPerOnlineNode(),
                    swarm.verifications(),
                    swarm.wallSeconds(),
                    swarm.cpuSeconds(),
                    swarm.preloadSeconds(),
                    swarm.events(),
                    swarm.failedEvents(),
                    swarm.heapUsedMiB(),
                    receptions == 0 ? 0 : (double) relayed / receptions,
                    relayMax,
                    swarm.relayPeakTunnels(),
                    swarm.relayPeakClients()));
        }
        return reports;
    }

    /**
     * The measurement window a post was made in: windows follow each other without overlap, each
     * {@code windowMillis} of posts and then {@code horizonMillis} of watching them.
     */
    private long windowOf(TrackedPost p) {
        return (p.t0 - config.warmupMillis()) / (config.windowMillis() + config.horizonMillis());
    }

    /** An Entries message carrying one entry, framed: what a model sends per copy. */
    private static long entryMessageBytes(Entry e) {
        return 1 + 4 + 4 + e.encodedLength() + SimNetwork.FRAME_OVERHEAD;
    }

    private Delivery summarise(
            List<TrackedPost> posts,
            Function<TrackedPost, Map<Integer, Long>> arrivals,
            ToLongFunction<TrackedPost> copies,
            ToLongFunction<TrackedPost> deliveries) {
        long targets = 0;
        List<Long> latencies = new ArrayList<>();
        long c = 0;
        long d = 0;
        for (TrackedPost p : posts) {
            Map<Integer, Long> at = arrivals.apply(p);
            targets += p.targets.size();
            for (int t : p.targets) {
                Long l = at.get(t);
                if (l != null && l <= config.horizonMillis()) {
                    latencies.add(l);
                }
            }
            c += copies.applyAsLong(p);
            d += deliveries.applyAsLong(p);
        }
        long[] ls = latencies.stream().mapToLong(Long::longValue).toArray();
        return Delivery.of(targets, ls, config.deadlineMillis(), c, d);
    }
}
