package org.scurry.bench;

import java.nio.file.Path;
import java.util.List;
import org.scurry.testkit.WireFuzzer;

/**
 * The fuzzing run of issue 14: {@code inputs} seeded inputs through the wire decoder, the receiving
 * pipeline, the handshake and the entry decoder, validator and an H2 store ({@link WireFuzzer};
 * {@code mvn verify} runs 10,000 of them). Reports inputs tried, inputs per second and crashes
 * (anything but the declared refusal, or something invalid stored): the target is 0.
 */
public final class FuzzBench {
    /** The seed: the same inputs in every run of the suite. */
    static final long SEED = 20_260_101;

    private final Path work;
    private final long inputs;

    public FuzzBench(Path work, long inputs) {
        this.work = work.resolve("fuzz");
        this.inputs = inputs;
    }

    public void run(Results results) throws Exception {
        Feeds.deleteTree(work);
        WireFuzzer.Report r;
        List<String> storeProblems;
        try (WireFuzzer fuzzer = WireFuzzer.open(SEED, work.resolve("store"))) {
            r = fuzzer.run(inputs);
            storeProblems = fuzzer.checkStore();
        }
        Feeds.deleteTree(work);
        System.err.printf(
                "fuzz: %,d inputs in %.1f s = %,.0f/s, %d crashes, store %s%n",
                r.inputs(),
                r.seconds(),
                r.inputsPerSecond(),
                r.crashes(),
                storeProblems.isEmpty() ? "sound" : storeProblems);
        results.add(
                Figure.of("fuzz.inputs", "inputs tried (seed " + SEED + ")", "inputs", List.of((double) r.inputs())));
        results.add(Figure.of(
                "fuzz.inputsPerSecond", "inputs per second, one thread", "inputs/s", List.of(r.inputsPerSecond())));
        results.add(Figure.of("fuzz.crashes", "crashes: anything but the declared refusal", "crashes", List.of((double)
                        r.crashes()))
                .withBaseline(0, "target, issue 14"));
        results.add(Figure.of(
                        "fuzz.storeProblems",
                        "invalid or foreign entries stored, broken chains",
                        "problems",
                        List.of((double) storeProblems.size()))
                .withBaseline(0, "target, issue 14"));
        results.note("fuzz outcomes", r.counts().toString());
        if (r.crashes() > 0 || !storeProblems.isEmpty()) {
            results.note("fuzz crashes", r.crashSamples() + " " + storeProblems);
        }
    }
}
