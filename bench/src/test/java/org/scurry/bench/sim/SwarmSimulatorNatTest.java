package org.scurry.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;

/**
 * The simulator with nodes behind NAT, on a small swarm of real nodes: no NAT node is dialled
 * directly, links between NAT nodes go through relays and carry posts, offline nodes get nothing,
 * the relays' bounds hold, and a seed gives the same run twice.
 */
class SwarmSimulatorNatTest {
    private static final int N = 120;
    private static final NatConfig NAT = new NatConfig(0.7, 2, 6, 8, false, 0);

    private static Population population(long seed) {
        return Population.build(FollowGraph.powerLaw(N, 3, 40, seed), 2, seed);
    }

    /** A swarm with a third offline throughout, run through its warm-up and some posts, no churn. */
    private static SwarmSimulator warmed(Population population, BitSet offline) {
        SimConfig config =
                SimConfig.standard(N, 0.3, 10, 5).withChurn(0).withLoss(0).withNat(NAT);
        SwarmSimulator sim = new SwarmSimulator(config, population);
        sim.prepare(offline);
        sim.loop().runUntil(10_000);
        return sim;
    }

    private static BitSet everyThird() {
        BitSet offline = new BitSet(N);
        for (int i = 0; i < N; i += 3) {
            offline.set(i);
        }
        return offline;
    }

    @Test
    void noNatNodeIsDialledDirectlyAndLinksBetweenNatNodesGoThroughARelay() {
        SwarmSimulator sim = warmed(population(5), everyThird());
        SimNetwork net = sim.network();
        NatRelays relays = net.relays();
        int natLinks = 0;
        int tunnels = 0;
        for (int i = 0; i < N; i++) {
            if (!sim.behindNat(i)) {
                continue;
            }
            for (SimNetwork.LinkView l : net.links(i)) {
                natLinks++;
                if (l.relay() >= 0) {
                    tunnels++;
                    assertThat(sim.behindNat(l.relay()))
                            .as("a relay can be dialled")
                            .isFalse();
                    assertThat(sim.isOnline(l.relay())).isTrue();
                } else if (!l.outbound()) {
                    // Without churn no reservation changed since it was opened: a direct inbound
                    // link to a NAT node comes from one of its relays, over the connection it opened.
                    assertThat(relays.relaysOf(i))
                            .as("who dialled NAT node %d directly", i)
                            .contains(l.peer());
                }
                if (sim.behindNat(l.peer())) {
                    assertThat(l.relay()).as("NAT %d ↔ NAT %d", i, l.peer()).isGreaterThanOrEqualTo(0);
                }
            }
        }
        assertThat(natLinks).isPositive();
        assertThat(tunnels).as("tunnelled links").isPositive();
        assertThat(relays.routes(NatRelays.Path.TUNNEL)).isPositive();
        assertThat(sim.loop().failed()).isZero();
    }

    @Test
    void aPostBetweenNatNodesArrivesThroughARelayAndOfflineNodesGetNothing() {
        BitSet offline = everyThird();
        SwarmSimulator sim = warmed(population(5), offline);
        FollowGraph g = populationGraph(sim);
        // A NAT author with an online NAT follower.
        int author = -1;
        for (int i = 0; i < N && author < 0; i++) {
            if (sim.isOnline(i) && sim.behindNat(i)) {
                for (int f : g.followers(i)) {
                    if (sim.isOnline(f) && sim.behindNat(f)) {
                        author = i;
                        break;
                    }
                }
            }
        }
        assertThat(author).as("a NAT author with an online NAT follower").isNotNegative();
        Entry post = sim.post(author, "through the relay");
        sim.loop().runUntil(40_000);
        List<Integer> natFollowersMissing = new ArrayList<>();
        for (int f : g.followers(author)) {
            if (sim.isOnline(f) && sim.behindNat(f) && !sim.holds(f, post)) {
                natFollowersMissing.add(f);
            }
        }
        assertThat(natFollowersMissing)
                .as("online NAT followers without the post")
                .isEmpty();
        assertThat(sim.receptions(post)[1])
                .as("copies that came through a tunnel")
                .isPositive();
        for (int i = offline.nextSetBit(0); i >= 0; i = offline.nextSetBit(i + 1)) {
            assertThat(sim.holds(i, post)).as("offline node %d", i).isFalse();
            assertThat(sim.network().bytesReceived(i))
                    .as("bytes to offline node %d", i)
                    .isZero();
        }
    }

    @Test
    void theRelaysBoundsHoldAndEveryTunnelSlotBelongsToAnOpenTunnel() {
        SwarmSimulator sim = warmed(population(5), everyThird());
        SimNetwork net = sim.network();
        NatRelays relays = net.relays();
        assertThat(relays.peakClients()).isBetween(1, NAT.clientsPerRelay());
        assertThat(relays.peakTunnels()).isBetween(1, NAT.tunnelsPerRelay());
        int[] open = new int[N];
        for (int i = 0; i < N; i++) {
            for (SimNetwork.LinkView l : net.links(i)) {
                if (l.relay() >= 0 && l.outbound()) {
                    open[l.relay()]++;
                }
            }
        }
        for (int r = 0; r < N; r++) {
            assertThat(relays.tunnelsThrough(r)).as("tunnels through %d", r).isLessThanOrEqualTo(NAT.tunnelsPerRelay());
            assertThat(relays.clientsOf(r)).isLessThanOrEqualTo(NAT.clientsPerRelay());
            // Slots of tunnels still opening are taken too: never fewer slots than open tunnels.
            assertThat(relays.tunnelsThrough(r)).isGreaterThanOrEqualTo(open[r]);
        }
    }

    @Test
    void theSameSeedGivesTheSameRunWithChurnAndNat() {
        Population population = population(9);
        SimConfig config = new SimConfig(N, 0.3, 50, 0.01, 0.2, 15, 1, 5_000, 10_000, 10_000, 2, 3_000, 9, NAT);
        List<SimReport> a = new SwarmSimulator(config, population).run();
        List<SimReport> b = new SwarmSimulator(config, population).run();
        assertThat(a).hasSize(2);
        assertThat(a.get(0).real().targets()).isPositive();
        assertThat(a.get(0).relayedShare()).isPositive();
        assertThat(a.stream().map(SwarmSimulatorNatTest::simulated).toList())
                .isEqualTo(b.stream().map(SwarmSimulatorNatTest::simulated).toList());
        assertThat(a.get(0).failedEvents()).isZero();
    }

    /** A report without what is measured in real time (wall, CPU, heap). */
    private static SimReport simulated(SimReport r) {
        return new SimReport(
                r.config(),
                r.window(),
                r.real(),
                r.flooding(),
                r.central(),
                r.bytesPerNode(),
                r.bytesMaxNode(),
                r.floodingBytesPerNode(),
                r.centralBytesPerNode(),
                r.centralServerBytes(),
                r.linksPerOnlineNode(),
                r.verifications(),
                0,
                0,
                0,
                r.events(),
                r.failedEvents(),
                0,
                r.relayedShare(),
                r.relayBytesMax(),
                r.relayPeakTunnels(),
                r.relayPeakClients());
    }

    private static FollowGraph populationGraph(SwarmSimulator sim) {
        return sim.population().graph();
    }
}
