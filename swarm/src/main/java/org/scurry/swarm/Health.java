package org.scurry.swarm;

import org.scurry.swarm.spi.Store;

/**
 * Whether a node can take writes now, and if not, why. Read from a volatile field ({@link
 * Store#health()}, {@link Node#health()}): cheap enough for every status request and for a
 * readiness probe. A node that is not ready still serves reads; its writes are refused with {@link
 * StoreUnavailableException} carrying the same reason, and it becomes ready again on its own once
 * the cause is gone (docs/storage.md, "A full disk").
 *
 * @param ready true when writes are taken
 * @param reason why writes are refused, fit to show (null when ready)
 * @param sinceMillis wall-clock time of the last change (0 for a store that never changed)
 */
public record Health(boolean ready, String reason, long sinceMillis) {
    /** Ready since the start. */
    public static final Health READY = new Health(true, null, 0);

    public Health {
        if (ready != (reason == null)) {
            throw new IllegalArgumentException("a health is ready exactly when it has no reason: " + reason);
        }
    }

    public static Health ready(long sinceMillis) {
        return new Health(true, null, sinceMillis);
    }

    public static Health degraded(String reason, long sinceMillis) {
        return new Health(false, reason, sinceMillis);
    }
}
