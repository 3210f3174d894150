package org.scurry.bench.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.scurry.swarm.spi.Scheduler;

/**
 * A single-threaded discrete-event loop in virtual time (milliseconds). Events run in time order,
 * and events due at the same time in the order they were added; virtual time does not advance
 * while an event runs, so CPU time is free in the simulated world. Each simulated node gets its own
 * {@link Scheduler} on the loop ({@link #scheduler()}), which can be stopped on its own when the
 * node goes offline. Not thread-safe: everything runs on the thread calling {@link #runUntil}.
 */
public final class VirtualTimeLoop {
    private static final int FAILURES_KEPT = 10;

    private record Event(long time, long seq, Runnable task) {}

    private final PriorityQueue<Event> queue =
            new PriorityQueue<>(Comparator.comparingLong(Event::time).thenComparingLong(Event::seq));
    private final List<RuntimeException> failures = new ArrayList<>();
    private long now;
    private long seq;
    private long executed;
    private long failed;

    /** Current virtual time in ms; starts at 0. */
    public long now() {
        return now;
    }

    /** Runs {@code task} at virtual time {@code time}, which must not be in the past. */
    public void at(long time, Runnable task) {
        if (time < now) {
            throw new IllegalArgumentException("event time " + time + " is before now " + now);
        }
        queue.add(new Event(time, seq++, task));
    }

    /** Runs {@code task} {@code delay} ms from now (0: after the events already due now). */
    public void after(long delay, Runnable task) {
        at(now + Math.max(0, delay), task);
    }

    /**
     * Runs every event due up to and including {@code until}, then sets the time to {@code until}. A
     * task that throws is counted ({@link #failed()}) and the loop goes on.
     */
    public void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().time() <= until) {
            Event e = queue.poll();
            now = e.time();
            executed++;
            try {
                e.task().run();
            } catch (RuntimeException ex) {
                failed++;
                if (failures.size() < FAILURES_KEPT) {
                    failures.add(ex);
                }
            }
        }
        now = Math.max(now, until);
    }

    /** Events run so far. */
    public long executed() {
        return executed;
    }

    /** Events waiting. */
    public int pending() {
        return queue.size();
    }

    /** Events whose task threw. */
    public long failed() {
        return failed;
    }

    /** The first few exceptions thrown by tasks. */
    public List<RuntimeException> failures() {
        return List.copyOf(failures);
    }

    /** A scheduler on this loop for one node; stopping it drops that node's pending tasks only. */
    public Scheduler scheduler() {
        return new NodeScheduler();
    }

    private final class NodeScheduler implements Scheduler {
        private boolean stopped;

        @Override
        public void execute(Runnable task) {
            schedule(task, 0);
        }

        @Override
        public void schedule(Runnable task, long delayMillis) {
            if (!stopped) {
                after(delayMillis, () -> {
                    if (!stopped) {
                        task.run();
                    }
                });
            }
        }

        @Override
        public long now() {
            return now;
        }

        /** Runs {@code last} at once (we are on the loop's thread) and drops every pending task. */
        @Override
        public void shutdown(Runnable last) {
            if (!stopped) {
                try {
                    last.run();
                } finally {
                    stopped = true;
                }
            }
        }
    }
}
