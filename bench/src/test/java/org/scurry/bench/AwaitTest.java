package org.scurry.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void settledReturnsOnceTheValueStopsChanging() throws Exception {
        AtomicLong calls = new AtomicLong();
        // Changes on the first five polls, then holds still.
        long waited = Await.settled(300, 10, () -> Math.min(calls.incrementAndGet(), 5));
        assertTrue(waited >= 300, "returned before the value was quiet for 300 ms: " + waited);
        assertTrue(waited < 5_000, "kept waiting after the value settled: " + waited);
    }

    @Test
    void settledGivesUpAtTheCapWhenTheValueNeverSettles() throws Exception {
        AtomicLong calls = new AtomicLong();
        long waited = Await.settled(60_000, 1, calls::incrementAndGet);
        assertTrue(waited >= 1_000 && waited < 5_000, "did not stop at the 1 s cap: " + waited);
    }
}
