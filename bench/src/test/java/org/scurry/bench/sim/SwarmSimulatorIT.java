package org.scurry.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.bench.Figure;
import org.scurry.bench.Results;
import org.scurry.bench.SimulatorBench;
import org.scurry.swarm.Entry;

/**
 * The swarm simulator at small sizes: the benchmark's figures and chart are produced and sane (never
 * that they are fast), and the seed scenario holds at scale: with its author offline, a post still
 * reaches followers through common friends.
 */
class SwarmSimulatorIT {

    @TempDir
    Path out;

    @Test
    void smokeRunProducesSaneFiguresAndAChartLinkedFromTheSummary() throws Exception {
        Results results = new Results();
        Map<String, List<SimReport>> reports =
                // one configured peer per node: every other link is the product Dialer's choice
                new SimulatorBench(List.of(100), List.of(0.0, 0.3), 1, 20, 5).run(results, out);
        results.write(out, "--only sim --sim-nodes 100");

        Map<String, Figure> f = results.figures().stream().collect(Collectors.toMap(Figure::name, Function.identity()));
        for (String cell : List.of("sim.n100.off00", "sim.n100.off30")) {
            assertThat(f)
                    .containsKeys(
                            cell + ".reach3s",
                            cell + ".p50",
                            cell + ".p99",
                            cell + ".copies",
                            cell + ".bytesPerNode",
                            cell + ".flooding.reach3s",
                            cell + ".central.reach3s");
            assertThat(f.get(cell + ".reach3s").median()).isBetween(0.0, 1.0);
            // Links are 50 ms one way: nothing arrives sooner, and p99 is not below p50.
            assertThat(f.get(cell + ".p50").median()).isGreaterThanOrEqualTo(50);
            assertThat(f.get(cell + ".p99").median())
                    .isGreaterThanOrEqualTo(f.get(cell + ".p50").median());
            assertThat(f.get(cell + ".copies").median()).isGreaterThanOrEqualTo(1.0);
            assertThat(f.get(cell + ".bytesPerNode").median()).isPositive();
        }
        // With everyone online the Dialer covers every followed feed (a link to its author or to a
        // followed friend who follows it): all must be reached.
        assertThat(f.get("sim.n100.off00.reach3s").median()).isEqualTo(1.0);
        assertThat(f.get("sim.n100.off00.central.reach3s").median()).isEqualTo(1.0);
        // Flooding sends every entry over every link between replicas, one source per feed does not.
        assertThat(f.get("sim.n100.off00.flooding.copies").median())
                .isGreaterThan(f.get("sim.n100.off00.copies").median());
        SimReport r = reports.get("sim.n100.off30").get(0);
        assertThat(r.failedEvents()).isZero();
        assertThat(r.real().targets()).isPositive();

        // A PNG that Java's own decoder reads, three panels wide.
        java.awt.image.BufferedImage png =
                javax.imageio.ImageIO.read(out.resolve(SimulatorBench.CHART).toFile());
        assertThat(png).as("a readable PNG").isNotNull();
        assertThat(png.getWidth()).isGreaterThan(3 * 300);
        assertThat(Files.readString(out.resolve("latest.md"))).contains("](" + SimulatorBench.CHART + ")");
        assertThat(Files.readString(out.resolve("latest.json"))).contains("\"sim.n100.off30.reach3s\"");
    }

    @Test
    void withTheAuthorOfflineItsPostReachesFollowersThroughCommonFriends() {
        int n = 400;
        Population population = Population.build(FollowGraph.powerLaw(n, 3, 300, 11), 2, 11);
        FollowGraph g = population.graph();
        int author = mostFollowed(g);
        // Followers of the author who also follow a friend C that follows the author: C is the
        // common friend. They are offline while the author is online, and come online after.
        BitSet late = new BitSet(n);
        for (int f : g.followers(author)) {
            if (late.cardinality() < 12 && hasCommonFriend(g, f, author, late)) {
                late.set(f);
            }
        }
        // A late follower may have been another's only common friend: drop those left without one.
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int f = late.nextSetBit(0); f >= 0; f = late.nextSetBit(f + 1)) {
                if (!hasCommonFriend(g, f, author, late)) {
                    late.clear(f);
                    changed = true;
                }
            }
        }
        assertThat(late.cardinality()).as("followers with a common friend").isGreaterThanOrEqualTo(5);

        SimConfig config = SimConfig.standard(n, 0, 1, 11).withChurn(0).withLoss(0);
        SwarmSimulator sim = new SwarmSimulator(config, population);
        sim.prepare(late);
        sim.loop().runUntil(5_000);
        Entry post = sim.post(author, "while you were away");
        sim.loop().runUntil(8_000);
        List<Integer> lateFollowers = late.stream().boxed().toList();
        for (int f : lateFollowers) {
            assertThat(sim.holds(f, post))
                    .as("late follower %d before it came online", f)
                    .isFalse();
        }

        sim.stop(author);
        for (int f : lateFollowers) {
            sim.start(f);
        }
        sim.loop().runUntil(40_000);

        assertThat(sim.isOnline(author)).isFalse();
        List<Integer> missing = new ArrayList<>();
        for (int f : lateFollowers) {
            if (!sim.holds(f, post)) {
                missing.add(f);
            }
        }
        assertThat(missing).as("late followers without the post").isEmpty();
        assertThat(sim.loop().failed()).isZero();
    }

    private static int mostFollowed(FollowGraph g) {
        int best = 0;
        for (int i = 1; i < g.size(); i++) {
            if (g.followers(i).length > g.followers(best).length) {
                best = i;
            }
        }
        return best;
    }

    /** True when {@code follower} follows some C (not late itself) that follows {@code author}. */
    private static boolean hasCommonFriend(FollowGraph g, int follower, int author, BitSet late) {
        for (int c : g.follows(follower)) {
            if (c != author && !late.get(c)) {
                for (int cf : g.follows(c)) {
                    if (cf == author) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
