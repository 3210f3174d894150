package org.scurry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorJobsTest {

    @Test
    void everyRunIsPlannedOnceAndTheLongestRunsAreSpreadOverTheJobs() {
        // As the suite runs them: three swarms of 1,000 nodes, one of 10,000, per offline share.
        List<List<SimulatorJobs.Item>> plan =
                SimulatorJobs.plan(List.of(1_000, 10_000), List.of(0.0, 0.3, 0.6), n -> n <= 1_000 ? 3 : 1, 2);

        assertThat(plan).hasSize(2);
        List<SimulatorJobs.Item> all = new ArrayList<>();
        plan.forEach(all::addAll);
        assertThat(all)
                .containsExactlyInAnyOrder(
                        new SimulatorJobs.Item(1_000, 0.0, 3),
                        new SimulatorJobs.Item(1_000, 0.3, 3),
                        new SimulatorJobs.Item(1_000, 0.6, 3),
                        new SimulatorJobs.Item(10_000, 0.0, 1),
                        new SimulatorJobs.Item(10_000, 0.3, 1),
                        new SimulatorJobs.Item(10_000, 0.6, 1));
        // The two longest runs (10,000 nodes at 0 and 30 % offline) run side by side, not one after the other.
        assertThat(plan.get(0)).contains(new SimulatorJobs.Item(10_000, 0.0, 1));
        assertThat(plan.get(1)).contains(new SimulatorJobs.Item(10_000, 0.3, 1));
        double a = plan.get(0).stream().mapToDouble(SimulatorJobs.Item::cost).sum();
        double b = plan.get(1).stream().mapToDouble(SimulatorJobs.Item::cost).sum();
        assertThat(Math.max(a, b) / Math.min(a, b)).isLessThan(1.2);
    }

    @Test
    void memoryAvailableIsReadFromMeminfosValue() {
        assertThat(SimulatorJobs.kib("23456789 kB")).isEqualTo(23_456_789L);
        assertThat(SimulatorJobs.kib("unknown")).isZero();
        assertThat(SimulatorJobs.defaultJobs()).isBetween(1, 2);
    }

    @Test
    void noMoreJobsThanRuns() {
        assertThat(SimulatorJobs.plan(List.of(100), List.of(0.3), n -> 1, 2)).hasSize(1);
    }

    @Test
    void aFiguresCellKeepsItsNatShare() {
        assertThat(SimulatorJobs.keyOf("sim.n10000.off30.reach3s")).isEqualTo("sim.n10000.off30");
        assertThat(SimulatorJobs.keyOf("sim.n10000.off30.nat70.reach3s")).isEqualTo("sim.n10000.off30.nat70");
        assertThat(SimulatorBench.key(10_000, 0.3, 0.7)).isEqualTo("sim.n10000.off30.nat70");
        assertThat(SimulatorBench.key(10_000, 0.3, 0)).isEqualTo("sim.n10000.off30");
    }

    @Test
    void natOptionsAreParsedAndCheckedAndDefaultToNoNat() {
        Args plain = Args.parse(new String[] {"--only", "sim"});
        assertThat(plain.simNat()).containsExactly(0.0);
        Args nat = Args.parse(new String[] {
            "--only",
            "sim",
            "--sim-nat",
            "0,0.7",
            "--sim-relays",
            "3",
            "--sim-relay-clients",
            "10",
            "--sim-relay-tunnels",
            "20",
            "--sim-reversal",
            "on",
            "--sim-punch",
            "0.7"
        });
        assertThat(nat.simNat()).containsExactly(0.0, 0.7);
        assertThat(nat.simRelay()).isEqualTo(new org.scurry.bench.sim.NatConfig(0, 3, 10, 20, true, 0.7));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Args.parse(new String[] {"--sim-nat", "1.5"}))
                .hasMessageContaining("NAT shares");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Args.parse(new String[] {"--sim-reversal", "maybe"}))
                .hasMessageContaining("on or off");
    }

    @Test
    void aRunOfOnlyNatCellsDrawsNoEmptySeries(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out)
            throws Exception {
        Results results = new Results();
        results.add(Figure.of("sim.n100.off30.nat70.reach3s", "reach", "share", List.of(1.0)));
        assertThat(SimulatorBench.chart(List.of(100), List.of(0.3), results))
                .allMatch(p -> p.series().isEmpty());
        SimulatorBench.writeChart(List.of(100), List.of(0.3), results, out);
        assertThat(out.resolve(SimulatorBench.CHART)).doesNotExist();
    }
}
