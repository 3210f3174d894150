package org.scurry.swarm.internal.net;

/**
 * A token bucket of bytes per second with a one-second burst. A relay charges what it forwards and
 * holds back the acknowledgements that would let a sender send more while the bucket is in debt,
 * so the rate is kept without queueing any data. Not thread-safe: callers lock.
 */
final class RateMeter {
    private final long bytesPerSecond;
    private double tokens;
    private long last;

    RateMeter(long bytesPerSecond, long now) {
        this.bytesPerSecond = bytesPerSecond;
        this.tokens = bytesPerSecond;
        this.last = now;
    }

    void charge(long bytes, long now) {
        refill(now);
        tokens -= bytes;
    }

    /** Nanoseconds until the bucket is out of debt (0 if it is not). */
    long delayNanos(long now) {
        refill(now);
        return tokens >= 0 ? 0 : (long) (-tokens * 1e9 / bytesPerSecond);
    }

    private void refill(long now) {
        tokens = Math.min(bytesPerSecond, tokens + (now - last) * bytesPerSecond / 1e9);
        last = now;
    }
}
