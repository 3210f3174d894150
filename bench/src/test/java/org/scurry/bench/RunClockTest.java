package org.scurry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunClockTest {

    @Test
    void theBuildFromRunShAndEachTimedPartAreRecordedAndWritten(@TempDir Path out) throws Exception {
        long started = System.currentTimeMillis() - 90_000;
        RunClock clock = RunClock.fromEnvironment(Map.of(
                "BENCH_STARTED_MS", Long.toString(started),
                "BENCH_BUILD_SECONDS", "61.5",
                "BENCH_BUILD_CPU_SECONDS", "49.3",
                "BENCH_BUILD_LOAD", "1.25"));
        // The part spins until this thread has had 0.2 s of CPU, however long a loaded machine takes
        // to give it that: the CPU the part must report is then known, the wall time is not.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double processBefore = RunClock.cpuSeconds();
        clock.time("spin", () -> {
            long end = threads.getCurrentThreadCpuTime() + 200_000_000L;
            long x = 0;
            while (threads.getCurrentThreadCpuTime() < end) {
                x += System.nanoTime() % 7;
            }
            assertThat(x).isPositive();
        });
        double processAfter = RunClock.cpuSeconds();
        assertThatThrownBy(() -> clock.time("fails", () -> {
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        assertThat(clock.parts()).extracting(RunClock.Part::name).containsExactly("build", "spin", "fails");
        RunClock.Part build = clock.parts().get(0);
        assertThat(build.wallSeconds()).isEqualTo(61.5);
        assertThat(build.cpuSeconds()).isEqualTo(49.3);
        RunClock.Part spin = clock.parts().get(1);
        // The process's CPU over the part includes the 0.2 s this thread spent (less up to two
        // clock ticks of /proc's 10 ms resolution), and one thread's 0.2 s took at least 0.2 s.
        assertThat(spin.cpuSeconds()).isGreaterThanOrEqualTo(0.2 - 2.0 / ProcInfo.CLOCK_TICKS_PER_SECOND);
        assertThat(spin.wallSeconds()).isGreaterThanOrEqualTo(0.2 - 0.001);
        // and no more than the process used over a window around the part (not, say, since start)
        assertThat(spin.cpuSeconds()).isLessThanOrEqualTo(processAfter - processBefore + 1e-9);
        // From run.sh's start (or this JVM's, when that was earlier, as in a test JVM that ran others first).
        assertThat(clock.totalSeconds()).isGreaterThanOrEqualTo(90.0);

        Results results = new Results();
        results.runTime(clock.parts(), clock.totalSeconds());
        results.write(out, "--test");
        JsonNode rt =
                new ObjectMapper().readTree(out.resolve("latest.json").toFile()).path("runTime");
        assertThat(rt.path("totalWallSeconds").asDouble()).isGreaterThanOrEqualTo(90.0);
        assertThat(rt.path("limitSeconds").asDouble()).isEqualTo(1200.0);
        assertThat(rt.path("withinLimit").asBoolean()).isTrue();
        assertThat(rt.path("parts").get(0).path("name").asText()).isEqualTo("build");
        assertThat(rt.path("parts").get(0).path("cpuSeconds").asDouble()).isEqualTo(49.3);
        String md = Files.readString(out.resolve("latest.md"));
        assertThat(md).contains("Run time: **", "| build | 1 min 2 s | 49 s | 1.25 |", "| **total** | **");
        // The spin's row: its wall time rounds to 0 s on a quiet machine and to more on a busy one.
        assertThat(md).containsPattern("\\| spin \\| (\\d+ min )?\\d+ s \\| \\d+ s \\| [0-9.]+ \\|");
    }

    @Test
    void withoutRunShTheClockStartsWithTheJvmAndHasNoBuildPart() {
        RunClock clock = RunClock.fromEnvironment(Map.of());
        assertThat(clock.parts()).isEmpty();
        assertThat(clock.totalSeconds()).isPositive();
    }

    @Test
    void minutesAreReadable() {
        assertThat(Results.minutes(42.4)).isEqualTo("42 s");
        assertThat(Results.minutes(754)).isEqualTo("12 min 34 s");
        assertThat(Results.minutes(Double.NaN)).isEqualTo("?");
    }
}
