package org.scurry.swarm.internal.replication;

import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.spi.PeerLink;

/**
 * What one peer has made this node hold on the inbound side, and the back-pressure that keeps it
 * bounded (docs/protocol.md §4): the bytes of its messages handed to the replication thread and
 * not yet handled ({@link LinkLimits#maxBacklogBytes}), and its range and chunk requests not yet
 * answered ({@link LinkLimits#maxPendingRequests}; answers wait while its link is unwritable).
 *
 * <p>Past a pause mark the node stops reading from the peer ({@link PeerLink#setReading}): what
 * it sends then waits in its own socket, so a peer that floods requests without reading the
 * answers is slowed to the pace at which it reads. Reading resumes at a quarter of each limit.
 * The network thread calls {@link #arrived} for each message (it may pass the pause mark by what
 * one socket read held); a peer that passes the request limit itself is to be dropped.
 *
 * <p>Thread-safe: messages arrive on the link's network thread, the replication thread hands
 * them back.
 */
final class InboundBudget {
    private final PeerLink link;
    private final LinkLimits limits;
    private long backlogBytes;
    private int requests;
    private boolean paused;
    private boolean overrun;

    /** What to do with an arriving message. */
    enum Verdict {
        /** Hand it to the replication thread. */
        ACCEPT,
        /** It took the peer past its request limit: drop the peer (returned once). */
        DROP,
        /** The peer is being dropped: ignore it. */
        IGNORE
    }

    InboundBudget(PeerLink link, LinkLimits limits) {
        this.link = link;
        this.limits = limits;
    }

    /**
     * A message of {@code bytes} (a request if {@code request}) arrived; unless the verdict is
     * {@link Verdict#ACCEPT} it is not handed on and not counted.
     */
    synchronized Verdict arrived(long bytes, boolean request) {
        if (overrun) {
            return Verdict.IGNORE;
        }
        if (request && requests >= limits.maxPendingRequests()) {
            overrun = true;
            return Verdict.DROP;
        }
        backlogBytes += bytes;
        if (request) {
            requests++;
        }
        if (!paused && (backlogBytes > limits.maxBacklogBytes() || requests >= limits.pauseRequests())) {
            paused = true;
            link.setReading(false);
        }
        return Verdict.ACCEPT;
    }

    /** The replication thread handled a message of {@code bytes} (a request stays pending). */
    synchronized void handled(long bytes) {
        backlogBytes -= bytes;
        resumeIfLow();
    }

    /** A request was answered (or dropped with its link). */
    synchronized void answered() {
        requests--;
        resumeIfLow();
    }

    synchronized int requests() {
        return requests;
    }

    synchronized boolean paused() {
        return paused;
    }

    private void resumeIfLow() {
        if (paused && backlogBytes <= limits.maxBacklogBytes() / 4 && requests <= limits.resumeRequests()) {
            paused = false;
            link.setReading(true);
        }
    }
}
