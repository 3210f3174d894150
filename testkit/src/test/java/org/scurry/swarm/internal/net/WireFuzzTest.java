package org.scurry.swarm.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.testkit.WireFuzzer;

/**
 * 10,000 seeded inputs through the wire decoder, the receiving pipeline, the handshake and the
 * entry decoder, validator and an H2 store ({@link WireFuzzer}; the bench runs 1,000,000): nothing
 * but the declared refusals, and nothing invalid stored. Every target is reached, each both
 * accepting and refusing.
 */
class WireFuzzTest {
    static final int INPUTS = 10_000;

    @TempDir
    Path dir;

    @Test
    void tenThousandMutatedAndRandomInputsCrashNothingAndStoreNothingInvalid() {
        try (WireFuzzer fuzzer = WireFuzzer.open(14, dir.resolve("store"))) {
            WireFuzzer.Report r = fuzzer.run(INPUTS);
            System.out.printf(
                    "fuzz: %,d inputs in %.1f s, %,.0f/s, %d crashes; %s%n",
                    r.inputs(), r.seconds(), r.inputsPerSecond(), r.crashes(), r.counts());

            assertThat(r.crashSamples()).isEmpty();
            assertThat(r.crashes()).isZero();
            assertThat(fuzzer.checkStore()).isEmpty();
            assertThat(r.inputs()).isEqualTo(INPUTS);
            for (String reached : new String[] {
                "message.decoded",
                "message.refused",
                "message.unknown",
                "pipeline.messages",
                "pipeline.refused",
                "handshake.refused",
                "entry.undecodable",
                "entry.invalid",
                "store.duplicate",
                "store.appended",
                "store.duplicate",
                "store.gap",
                "store.fork"
            }) {
                assertThat(r.count(reached)).as(reached).isPositive();
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        try (WireFuzzer a = WireFuzzer.open(7, dir.resolve("a"));
                WireFuzzer b = WireFuzzer.open(7, dir.resolve("b"))) {
            assertThat(a.run(500).counts()).isEqualTo(b.run(500).counts());
        }
    }
}
