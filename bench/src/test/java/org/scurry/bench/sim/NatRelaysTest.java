package org.scurry.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The NAT and relay model on its own: who is behind NAT, who relays for whom, how a dial goes. */
class NatRelaysTest {
    private static final long LATENCY = 50;
    private final VirtualTimeLoop loop = new VirtualTimeLoop();
    private final BitSet up = new BitSet();

    private NatRelays relays(NatConfig config, int nodes, long seed) {
        up.set(0, nodes);
        return new NatRelays(config, nodes, seed, loop, LATENCY, up::get, i -> new int[0]);
    }

    private static NatConfig nat(double share, int relaysPerNode, int clients, int tunnels) {
        return new NatConfig(share, relaysPerNode, clients, tunnels, false, 0);
    }

    private static void startAll(NatRelays r, int nodes) {
        for (int i = 0; i < nodes; i++) {
            r.started(i);
        }
    }

    private static int first(NatRelays r, int nodes, boolean behind) {
        return IntStream.range(0, nodes)
                .filter(i -> r.behindNat(i) == behind)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theShareBehindNatIsExactAndTheSameForTheSameSeed() {
        NatRelays a = relays(nat(0.7, 2, 64, 256), 1000, 42);
        NatRelays b = relays(nat(0.7, 2, 64, 256), 1000, 42);
        NatRelays c = relays(nat(0.7, 2, 64, 256), 1000, 43);
        long behind = IntStream.range(0, 1000).filter(a::behindNat).count();
        assertThat(behind).isEqualTo(700);
        assertThat(IntStream.range(0, 1000).allMatch(i -> a.behindNat(i) == b.behindNat(i)))
                .isTrue();
        assertThat(IntStream.range(0, 1000).allMatch(i -> a.behindNat(i) == c.behindNat(i)))
                .as("another seed, another set")
                .isFalse();
    }

    @Test
    void aNatNodeIsReachedOnlyThroughItsRelayOnceItHasOne() {
        NatRelays r = relays(nat(0.5, 2, 64, 256), 40, 1);
        int natNode = first(r, 40, true);
        int publicNode = first(r, 40, false);
        r.started(natNode);
        assertThat(r.route(publicNode, natNode).path())
                .as("before its reservation is open")
                .isEqualTo(NatRelays.Path.UNREACHABLE);
        loop.runUntil(4 * LATENCY);
        assertThat(r.relaysOf(natNode)).hasSize(2).noneMatch(r::behindNat);
        NatRelays.Route route = r.route(publicNode, natNode);
        if (r.relaysOf(natNode).contains(publicNode)) {
            assertThat(route.path()).isEqualTo(NatRelays.Path.DIRECT);
        } else {
            assertThat(route.path()).isEqualTo(NatRelays.Path.TUNNEL);
            assertThat(r.relaysOf(natNode)).contains(route.relay());
        }
        // A relay of the NAT node links to it over the connection the NAT node opened.
        assertThat(r.route(r.relaysOf(natNode).get(0), natNode).path()).isEqualTo(NatRelays.Path.DIRECT);
        // The NAT node dials out to anyone reachable.
        assertThat(r.route(natNode, publicNode).path()).isEqualTo(NatRelays.Path.DIRECT);
    }

    @Test
    void betweenTwoNatNodesTheLinkIsATunnelUnlessHolePunchingSucceeds() {
        NatRelays plain = relays(nat(0.5, 1, 64, 256), 40, 2);
        startAll(plain, 40);
        loop.runUntil(1_000);
        int[] natNodes = IntStream.range(0, 40).filter(plain::behindNat).toArray();
        NatRelays.Route route = plain.route(natNodes[0], natNodes[1]);
        assertThat(route.path()).isEqualTo(NatRelays.Path.TUNNEL);
        assertThat(route.relay()).isEqualTo(plain.relaysOf(natNodes[1]).get(0));

        NatRelays punching = relays(new NatConfig(0.5, 1, 64, 256, true, 1.0), 40, 2);
        startAll(punching, 40);
        loop.runUntil(2_000);
        int publicNode = first(punching, 40, false);
        assertThat(punching.route(natNodes[0], natNodes[1]).path()).isEqualTo(NatRelays.Path.PUNCHED);
        int target = IntStream.of(natNodes)
                .filter(n -> !punching.relaysOf(n).contains(publicNode))
                .findFirst()
                .orElseThrow();
        assertThat(punching.route(publicNode, target).path()).isEqualTo(NatRelays.Path.REVERSED);
    }

    @Test
    void aRelayTakesNoMoreClientsNorTunnelsThanItsBounds() {
        // 10 reachable nodes, 90 behind NAT wanting 2 relays each, 5 clients per relay: 50 places.
        NatRelays r = relays(nat(0.9, 2, 5, 1), 100, 3);
        startAll(r, 100);
        loop.runUntil(1_000);
        int[] publicNodes = IntStream.range(0, 100).filter(i -> !r.behindNat(i)).toArray();
        assertThat(IntStream.of(publicNodes).map(r::clientsOf).toArray()).containsOnly(5);
        assertThat(r.peakClients()).isEqualTo(5);
        long reservations = IntStream.range(0, 100)
                .filter(r::behindNat)
                .mapToLong(i -> r.relaysOf(i).size())
                .sum();
        assertThat(reservations).isEqualTo(50);

        int target = IntStream.range(0, 100)
                .filter(i -> r.behindNat(i) && !r.relaysOf(i).isEmpty())
                .findFirst()
                .orElseThrow();
        int dialler = IntStream.range(0, 100)
                .filter(i -> r.behindNat(i) && i != target)
                .findFirst()
                .orElseThrow();
        // One tunnel per relay: as many tunnels as the target has relays, then none.
        for (int relay : r.relaysOf(target)) {
            assertThat(r.route(dialler, target)).isEqualTo(new NatRelays.Route(NatRelays.Path.TUNNEL, relay));
        }
        assertThat(r.route(dialler, target).path())
                .as("every relay's one tunnel is taken")
                .isEqualTo(NatRelays.Path.UNREACHABLE);
        assertThat(r.peakTunnels()).isEqualTo(1);
        int relay = r.relaysOf(target).get(0);
        r.tunnelClosed(relay);
        assertThat(r.tunnelsThrough(relay)).isZero();
        assertThat(r.route(dialler, target)).isEqualTo(new NatRelays.Route(NatRelays.Path.TUNNEL, relay));
    }

    @Test
    void whenARelayGoesOfflineItsClientsFindAnother() {
        NatRelays r = relays(nat(0.5, 1, 64, 256), 40, 4);
        startAll(r, 40);
        loop.runUntil(1_000);
        int client = first(r, 40, true);
        int relay = r.relaysOf(client).get(0);
        up.clear(relay);
        r.stopped(relay);
        assertThat(r.relaysOf(client)).isEmpty();
        assertThat(r.clientsOf(relay)).isZero();
        loop.runUntil(1_000 + 4 * LATENCY);
        assertThat(r.relaysOf(client)).hasSize(1).doesNotContain(relay);
        // An offline NAT node gives its reservations up.
        up.clear(client);
        int newRelay = r.relaysOf(client).get(0);
        int before = r.clientsOf(newRelay);
        r.stopped(client);
        assertThat(r.relaysOf(client)).isEmpty();
        assertThat(r.clientsOf(newRelay)).isEqualTo(before - 1);
    }
}
