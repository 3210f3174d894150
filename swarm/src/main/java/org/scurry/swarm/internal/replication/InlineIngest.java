package org.scurry.swarm.internal.replication;

import java.util.List;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Store;

/**
 * Verifies and appends received entries on the calling thread, then reports the result: the same
 * checks and the same store call as {@link Ingest}, without its thread pool and writer thread. For
 * the swarm simulator, where thousands of nodes share one thread.
 */
final class InlineIngest implements EntryIntake {
    private final Store store;
    private final EntryValidator validator;
    private final Consumer<Ingest.Result> onResult;
    private final NodeMeter meter;

    InlineIngest(Store store, EntryValidator validator, NodeMeter meter, Consumer<Ingest.Result> onResult) {
        this.store = store;
        this.meter = meter;
        this.validator = validator;
        this.onResult = onResult;
    }

    @Override
    public void submit(PeerLink from, List<Entry> entries) {
        Ingest.Verified verified = Ingest.verifyAll(validator, entries, meter);
        List<Entry> valid = verified.valid();
        List<InvalidEntryException> invalid = verified.invalid();
        List<AppendResult> results;
        try {
            results = valid.isEmpty() ? List.of() : Metered.append(store, valid, meter);
        } catch (org.scurry.swarm.StoreUnavailableException e) {
            meter.refused("store_unavailable", valid.size());
            throw e;
        }
        onResult.accept(new Ingest.Result(from, results, invalid));
    }

    @Override
    public void close() {
        // nothing held
    }
}
