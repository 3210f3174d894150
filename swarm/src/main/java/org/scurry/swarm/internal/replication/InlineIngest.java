package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.spi.AppendResult;
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

    InlineIngest(Store store, EntryValidator validator, Consumer<Ingest.Result> onResult) {
        this.store = store;
        this.validator = validator;
        this.onResult = onResult;
    }

    @Override
    public void submit(PeerLink from, List<Entry> entries) {
        List<Entry> valid = new ArrayList<>(entries.size());
        List<InvalidEntryException> invalid = new ArrayList<>();
        for (Entry e : entries) {
            try {
                validator.validate(e);
                valid.add(e);
            } catch (InvalidEntryException ex) {
                invalid.add(ex);
            }
        }
        List<AppendResult> results = valid.isEmpty() ? List.of() : store.appendAllDeferred(valid);
        onResult.accept(new Ingest.Result(from, results, invalid));
    }

    @Override
    public void close() {
        // nothing held
    }
}
