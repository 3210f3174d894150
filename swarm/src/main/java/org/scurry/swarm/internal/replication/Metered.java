package org.scurry.swarm.internal.replication;

import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.Store;

/** A store append of replicated entries, timed for the {@link NodeMeter}. */
public final class Metered {
    private Metered() {}

    /** {@link Store#appendAllDeferred}, telling {@code meter} how long it took when it returned. */
    public static List<AppendResult> append(Store store, List<Entry> entries, NodeMeter meter) {
        long started = System.nanoTime();
        List<AppendResult> results = store.appendAllDeferred(entries);
        meter.appended(entries.size(), System.nanoTime() - started);
        return results;
    }

    /** The refusal reason a meter is told for an invalid entry: its reason in lower case. */
    public static String reason(org.scurry.swarm.entry.InvalidEntryException e) {
        return e.reason().name().toLowerCase(java.util.Locale.ROOT);
    }
}
