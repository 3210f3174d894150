package org.scurry.swarm.spi;

/**
 * The thread and the clock a node's replication runs on. Every task of one scheduler runs on one
 * thread, one at a time, in the order it became due: replication state needs no locks. Production
 * nodes use {@link org.scurry.swarm.internal.replication.ThreadedScheduler} (a daemon thread and the wall
 * clock); the swarm simulator in {@code bench/} runs thousands of nodes on one discrete-event loop
 * in virtual time.
 */
public interface Scheduler {

    /** Runs {@code task} after the tasks already due. Never blocks; after {@link #shutdown} it is dropped. */
    void execute(Runnable task);

    /** Runs {@code task} once, {@code delayMillis} from {@link #now()}. Never blocks; dropped after shutdown. */
    void schedule(Runnable task, long delayMillis);

    /** This scheduler's time in milliseconds: the wall clock, or the simulator's virtual time. */
    long now();

    /**
     * Runs {@code last} on the scheduler's thread after the tasks already due, then stops running
     * tasks. Blocks until {@code last} ran or a few seconds passed; idempotent.
     */
    void shutdown(Runnable last);
}
