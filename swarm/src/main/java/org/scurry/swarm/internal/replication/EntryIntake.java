package org.scurry.swarm.internal.replication;

import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.spi.PeerLink;

/**
 * Where entries received from a peer go: verified, appended in the order received, and each batch's
 * outcome reported as an {@link Ingest.Result}. {@link Ingest} does it on threads of its own;
 * {@link InlineIngest} on the caller's thread (the swarm simulator).
 */
interface EntryIntake extends AutoCloseable {

    /** Queues or processes one received batch; may block while the pipeline is full. */
    void submit(PeerLink from, List<Entry> entries);

    @Override
    void close();
}
