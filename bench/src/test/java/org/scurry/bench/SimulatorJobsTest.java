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
}
