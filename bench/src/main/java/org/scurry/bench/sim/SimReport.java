package org.scurry.bench.sim;

/**
 * What one measurement window of a simulated scenario measured; the figures from {@code
 * linksPerOnlineNode} on are the whole simulated swarm's, the same in each of its windows.
 *
 * @param window which of the swarm's windows, from 0
 * @param real the real replication code
 * @param flooding the flooding model on the same links at the same moments
 * @param central the central-server model (down for the offline share of the time)
 * @param bytesPerNode real protocol: bytes sent + received during the window and its horizon, all
 *     messages, ÷ the number of online nodes
 * @param bytesMaxNode real protocol: the busiest node's bytes in the same phase
 * @param floodingBytesPerNode flooding model: entry messages only, same normalisation
 * @param centralBytesPerNode central model: entry messages of the clients only (the server's own
 *     traffic is {@code centralServerBytes})
 * @param centralServerBytes bytes sent + received by the central server
 * @param linksPerOnlineNode average open links of an online node at the end of the warm-up
 * @param verifications entries received by nodes in the whole run (each one is signature-checked)
 * @param wallSeconds real time of the run, preloading the stores included
 * @param cpuSeconds CPU time of the simulating thread in the same span (the simulation is
 *     single-threaded: on a shared machine this is the figure to read, not wall time)
 * @param preloadSeconds real time spent filling the stores
 * @param events discrete events run
 * @param failedEvents events whose task threw (should be 0)
 * @param heapUsedMiB heap in use after a GC at the end of the run, before it is released
 * @param relayedShare real protocol: of the posts' copies received during the window, the share
 *     that came through a relay's tunnel
 * @param relayBytesMax real protocol: bytes the busiest relay forwarded during the window and its
 *     horizon
 * @param relayPeakTunnels most tunnels open through one relay at any moment of the whole run
 * @param relayPeakClients most NAT nodes one relay kept reservations for at any moment of the run
 */
public record SimReport(
        SimConfig config,
        int window,
        Delivery real,
        Delivery flooding,
        Delivery central,
        double bytesPerNode,
        double bytesMaxNode,
        double floodingBytesPerNode,
        double centralBytesPerNode,
        double centralServerBytes,
        double linksPerOnlineNode,
        long verifications,
        double wallSeconds,
        double cpuSeconds,
        double preloadSeconds,
        long events,
        long failedEvents,
        double heapUsedMiB,
        double relayedShare,
        double relayBytesMax,
        int relayPeakTunnels,
        int relayPeakClients) {}
