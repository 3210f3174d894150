package org.scurry.bench;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Polling waits for the benchmarks (whose point is to time the wait, so no Awaitility here). */
final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {}

    /** Polls until {@code condition} holds; throws after {@code seconds}. */
    static void until(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("gave up waiting " + seconds + " s for " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Polls {@code value} until it reaches {@code target}; throws when it has not grown for {@code
     * stallSeconds}, naming how far it got.
     */
    static void progress(String what, int stallSeconds, LongSupplier value, long target) throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long v = value.getAsLong();
            if (v >= target) {
                return;
            }
            long now = System.nanoTime();
            if (v != last) {
                last = v;
                lastChange = now;
            } else if (now - lastChange > stallSeconds * 1_000_000_000L) {
                throw new IllegalStateException(
                        "gave up waiting for " + what + ": stuck at " + v + " for " + stallSeconds + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Caps every {@link #settled} wait, in seconds. The smoke tests set it low: they check that the
     * figures are produced, not their values, and on a busy machine the compilers of a small run
     * never fall quiet, so the waits alone took a minute of the test suite.
     */
    static final String SETTLE_CAP_PROPERTY = "bench.settle-max-seconds";

    /**
     * Polls {@code value} until it has not changed for {@code quietMillis}, or {@code maxSeconds}
     * passed; returns the milliseconds waited (for the report: a wait that hit the cap means it
     * never settled).
     */
    static long settled(int quietMillis, int maxSeconds, LongSupplier value) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + Math.min(maxSeconds, Integer.getInteger(SETTLE_CAP_PROPERTY, maxSeconds)) * 1_000_000_000L;
        long last = value.getAsLong();
        long lastChange = start;
        while (true) {
            Thread.sleep(POLL_MILLIS * 5);
            long now = System.nanoTime();
            long v = value.getAsLong();
            if (v != last) {
                last = v;
                lastChange = now;
            }
            if (now - lastChange >= quietMillis * 1_000_000L || now > end) {
                return (now - start) / 1_000_000;
            }
        }
    }
}
