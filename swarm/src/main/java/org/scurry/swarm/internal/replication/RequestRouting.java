package org.scurry.swarm.internal.replication;

import java.util.List;
import org.scurry.swarm.FeedId;

/**
 * What replication asks of the node to carry follow requests to owners on other nodes
 * (docs/protected.md, "How a request reaches its owner"). A request is an entry in the
 * requester's own feed, sealed to the owner; the owner's node fetches the requester's feed only
 * when told to by a hint "requester follows owner", which the requester's node sends its peers and
 * nodes replicating the owner pass on. Every method is called on the replication thread: it must
 * not block for long (reading the store and folding a few feeds is fine) and must not throw.
 */
public interface RequestRouting {
    /** The most hints in one message, hence the most asks of one node hinted at a time. */
    int MAX_HINTS = 32;

    /** A local requester that follows {@code owner} and may be waiting for its answer. */
    record Ask(FeedId requester, FeedId owner) {}

    /**
     * The asks of local feeds to hint to peers: requesters that made a request and follow a feed
     * that is protected (or not held here yet) and has neither approved nor answered them.
     */
    List<Ask> outgoing();

    /**
     * A local feed just made a request: the next {@link #outgoing} should include it. An
     * implementation that computes asks elsewhere starts that now and reports through {@link
     * Replicator#requestAsksChanged}.
     */
    default void localRequestMade() {}

    /** True when {@code owner} is a local feed that takes follow requests (it is protected). */
    boolean takesRequests(FeedId owner);

    /**
     * Once the requester's feed is held up to what peers offer: true while it holds a request to
     * the local {@code owner} that is still pending (the hint was true and is still useful).
     */
    boolean pending(FeedId requester, FeedId owner);

    /** Nothing to hint, no request taken: the routing of a node without protection. */
    RequestRouting NONE = new RequestRouting() {
        @Override
        public List<Ask> outgoing() {
            return List.of();
        }

        @Override
        public boolean takesRequests(FeedId owner) {
            return false;
        }

        @Override
        public boolean pending(FeedId requester, FeedId owner) {
            return false;
        }
    };
}
