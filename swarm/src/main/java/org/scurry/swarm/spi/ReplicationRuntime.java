package org.scurry.swarm.spi;

import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.replication.ThreadedScheduler;

/**
 * How a node's replication is run.
 *
 * @param scheduler the thread and clock of the replication actor
 * @param inlineIngest false (production): received entries are verified on a thread pool with one
 *     thread per core and appended by a writer thread; true (the swarm simulator): they are verified
 *     and appended on the thread that delivers them, so thousands of nodes need no threads of their own
 * @param validator checks each received entry (signature, timestamp, content)
 */
public record ReplicationRuntime(Scheduler scheduler, boolean inlineIngest, EntryValidator validator) {

    /** Production: a daemon thread named {@code threadName}, the wall clock, parallel verification. */
    public static ReplicationRuntime threaded(String threadName) {
        return new ReplicationRuntime(new ThreadedScheduler(threadName), false, new EntryValidator());
    }
}
