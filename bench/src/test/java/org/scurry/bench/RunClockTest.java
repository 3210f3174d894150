package org.scurry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        clock.time("spin", () -> {
            long end = System.nanoTime() + 200_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            assertThat(x).isPositive();
        });
        assertThatThrownBy(() -> clock.time("fails", () -> {
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        assertThat(clock.parts()).extracting(RunClock.Part::name).containsExactly("build", "spin", "fails");
        RunClock.Part build = clock.parts().get(0);
        assertThat(build.wallSeconds()).isEqualTo(61.5);
        assertThat(build.cpuSeconds()).isEqualTo(49.3);
        RunClock.Part spin = clock.parts().get(1);
        assertThat(spin.wallSeconds()).isBetween(0.2, 60.0);
        // CPU of this process over the part: it spun on one thread the whole time (give or take a tick).
        assertThat(spin.cpuSeconds()).isGreaterThan(0.05);
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
        assertThat(Files.readString(out.resolve("latest.md")))
                .contains("Run time: **", "| build | 1 min 2 s | 49 s | 1.25 |", "| spin | 0 s |", "| **total** | **");
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
