package org.scurry.bench.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Which simulated nodes are behind a NAT, which reachable nodes relay for them, and how a dial
 * reaches its target (issue 16's relay design, as the simulator models it).
 *
 * <ul>
 *   <li>A node behind NAT is never dialled directly. When it starts it opens, {@code 4 × latency}
 *       later (TCP + Noise), reservations on up to {@link NatConfig#relaysPerNode()} reachable
 *       online nodes: first the accounts it follows (the peers it links to anyway: a configured
 *       friend's node, history servers and gateways would be here too), then random reachable nodes
 *       (any peer that says it relays). A relay takes at most {@link NatConfig#clientsPerRelay()}
 *       of them. When a relay goes offline its clients open a new reservation elsewhere {@code 4 ×
 *       latency} later; a node short of relays tries again every {@link #RETRY_MILLIS}.
 *   <li>A dial to a NAT node from one of its relays is direct (the NAT node opened that connection).
 *       From a reachable node with {@link NatConfig#reversal()}, the relay asks the NAT node to dial
 *       back: direct. Between two NAT nodes, hole punching through the relay succeeds with {@link
 *       NatConfig#punchSuccess()}: direct. Otherwise the link is a tunnel through the first of the
 *       target's relays with a free slot ({@link NatConfig#tunnelsPerRelay()}); with none, the dial
 *       fails.
 *   <li>The reservation itself is a control connection: its keep-alives are not counted as bytes,
 *       and it carries no replication (a relay that is also a peer links to the NAT node as any
 *       peer, directly).
 * </ul>
 *
 * Draws come from a generator of their own, so a run without NAT draws exactly what it did before.
 */
final class NatRelays {
    /** A NAT node that found fewer relays than it wants looks again this often. */
    static final long RETRY_MILLIS = 5_000;

    /** How a dial reaches its target. */
    enum Path {
        /** A plain connection (the target is reachable, or the dialler is its relay). */
        DIRECT,
        /** Through the relay: every message crosses two hops. */
        TUNNEL,
        /** The NAT node dialled back on the relay's request: a direct connection. */
        REVERSED,
        /** Hole punching, coordinated through the relay, succeeded: a direct connection. */
        PUNCHED,
        /** A NAT node with no relay, or every relay's tunnels taken. */
        UNREACHABLE
    }

    /** The path of one dial and the relay it uses (-1 for none). */
    record Route(Path path, int relay) {}

    private final NatConfig config;
    private final boolean[] nat;
    private final List<List<Integer>> reservations = new ArrayList<>();
    private final List<List<Integer>> clients = new ArrayList<>();
    private final int[] tunnels;
    private final SplittableRandom random;
    private final VirtualTimeLoop loop;
    private final long connectMillis;
    private final IntPredicate online;
    private final IntFunction<int[]> preferred;
    private final long[] routes = new long[Path.values().length];
    private int peakTunnels;
    private int peakClients;

    /**
     * @param online whether a node is online now
     * @param preferred the nodes a NAT node asks first to relay for it (the accounts it follows)
     */
    NatRelays(
            NatConfig config,
            int nodes,
            long seed,
            VirtualTimeLoop loop,
            long latencyMillis,
            IntPredicate online,
            IntFunction<int[]> preferred) {
        this.config = config;
        this.nat = new boolean[nodes];
        this.tunnels = new int[nodes];
        this.random = new SplittableRandom(seed ^ 0x4e41_5452_656cL);
        this.loop = loop;
        this.connectMillis = 4 * latencyMillis;
        this.online = online;
        this.preferred = preferred;
        for (int i = 0; i < nodes; i++) {
            reservations.add(new ArrayList<>(config.relaysPerNode()));
            clients.add(new ArrayList<>());
        }
        int[] order = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            order[i] = i;
        }
        for (int i = nodes - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        long behind = Math.round(config.share() * nodes);
        for (int k = 0; k < behind; k++) {
            nat[order[k]] = true;
        }
    }

    boolean behindNat(int node) {
        return nat[node];
    }

    /** The relays holding a reservation for {@code node} now, in the order it opened them. */
    List<Integer> relaysOf(int node) {
        return List.copyOf(reservations.get(node));
    }

    /** The NAT nodes {@code relay} keeps a reservation for now. */
    int clientsOf(int relay) {
        return clients.get(relay).size();
    }

    /** Tunnels open through {@code relay} now. */
    int tunnelsThrough(int relay) {
        return tunnels[relay];
    }

    /** Most tunnels open through one relay at any moment so far. */
    int peakTunnels() {
        return peakTunnels;
    }

    /** Most NAT nodes one relay kept reservations for at any moment so far. */
    int peakClients() {
        return peakClients;
    }

    /** Dials so far that took {@code path}. */
    long routes(Path path) {
        return routes[path.ordinal()];
    }

    /** Node {@code node} came online: a NAT node opens its reservations once connected. */
    void started(int node) {
        if (nat[node]) {
            loop.after(connectMillis, () -> reserve(node));
        }
    }

    /**
     * Node {@code node} went offline: its reservations end, and the NAT nodes it relayed for look
     * for another relay. (The network closes the tunnels through it.)
     */
    void stopped(int node) {
        for (int r : reservations.get(node)) {
            clients.get(r).remove((Integer) node);
        }
        reservations.get(node).clear();
        List<Integer> orphans = new ArrayList<>(clients.get(node));
        clients.get(node).clear();
        for (int c : orphans) {
            reservations.get(c).remove((Integer) node);
            loop.after(connectMillis, () -> reserve(c));
        }
    }

    /** How {@code from} reaches {@code to}; a tunnel takes one of the relay's slots until {@link #tunnelClosed}. */
    Route route(int from, int to) {
        Route r = decide(from, to);
        routes[r.path().ordinal()]++;
        return r;
    }

    private Route decide(int from, int to) {
        List<Integer> relays = reservations.get(to);
        if (!nat[to] || relays.contains(from)) {
            return new Route(Path.DIRECT, -1);
        }
        if (relays.isEmpty()) {
            return new Route(Path.UNREACHABLE, -1);
        }
        if (!nat[from] && config.reversal()) {
            return new Route(Path.REVERSED, relays.get(0));
        }
        if (nat[from] && config.punchSuccess() > 0 && random.nextDouble() < config.punchSuccess()) {
            return new Route(Path.PUNCHED, relays.get(0));
        }
        for (int r : relays) {
            if (tunnels[r] < config.tunnelsPerRelay()) {
                tunnels[r]++;
                peakTunnels = Math.max(peakTunnels, tunnels[r]);
                return new Route(Path.TUNNEL, r);
            }
        }
        return new Route(Path.UNREACHABLE, -1);
    }

    /** A tunnel through {@code relay} closed (or its dial failed): its slot is free again. */
    void tunnelClosed(int relay) {
        tunnels[relay]--;
    }

    /** Opens reservations until {@code node} has as many relays as it keeps, or none is left to ask. */
    private void reserve(int node) {
        if (!online.test(node)) {
            return;
        }
        List<Integer> mine = reservations.get(node);
        int[] friends = preferred.apply(node);
        int start = friends.length == 0 ? 0 : random.nextInt(friends.length);
        for (int k = 0; k < friends.length && mine.size() < config.relaysPerNode(); k++) {
            tryReserve(node, friends[(start + k) % friends.length]);
        }
        for (int attempt = 0; attempt < 64 && mine.size() < config.relaysPerNode(); attempt++) {
            tryReserve(node, random.nextInt(nat.length));
        }
        if (mine.size() < config.relaysPerNode()) {
            loop.after(RETRY_MILLIS, () -> reserve(node));
        }
    }

    private void tryReserve(int node, int relay) {
        List<Integer> mine = reservations.get(node);
        if (relay != node
                && !nat[relay]
                && online.test(relay)
                && !mine.contains(relay)
                && clients.get(relay).size() < config.clientsPerRelay()) {
            mine.add(relay);
            clients.get(relay).add(node);
            peakClients = Math.max(peakClients, clients.get(relay).size());
        }
    }
}
