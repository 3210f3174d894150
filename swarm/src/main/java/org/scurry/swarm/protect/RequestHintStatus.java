package org.scurry.swarm.protect;

import java.util.Map;
import java.util.Set;
import org.scurry.swarm.FeedId;

/**
 * How this node carries follow requests for others (docs/protected.md, "How a request reaches its
 * owner"): the requesters' feeds it fetches now because a hint pointed at them, and the hints it
 * refused so far, by reason. A snapshot: it does not change after it was made.
 *
 * @param carried the hinted feeds fetched now: requester → the owners it asks
 * @param refused hints not acted on since the node started, by reason
 */
public record RequestHintStatus(Map<FeedId, Set<FeedId>> carried, Map<Refusal, Long> refused) {

    /** How many hints were refused for {@code reason}. */
    public long refused(Refusal reason) {
        return refused.getOrDefault(reason, 0L);
    }

    /** Why a hint was not acted on; each is counted in {@link #refused}. */
    public enum Refusal {
        /** More hints in one message than one message may carry (32): the whole message. */
        OVERSIZED,
        /** A hint whose requester is its owner. */
        MALFORMED,
        /** The owner is local here but not protected: there is nothing to request. */
        OWNER_NOT_PROTECTED,
        /** The owner is not local and no other linked peer replicates it (or the ttl ran out). */
        NO_ROUTE,
        /** The peer already has as many hinted feeds fetched here as one peer may (16). */
        PEER_QUOTA,
        /** This node already fetches as many hinted feeds as it carries at most (128). */
        FULL,
        /** No peer offered any entry of the hinted feed within the grace time (60 s). */
        UNAVAILABLE,
        /** The hinted feed, once fetched, did not follow the owner (relay) or held no pending request (owner). */
        NOT_ASKING,
        /** The same hint was found false (or unavailable) recently (within 10 minutes). */
        REJECTED_RECENTLY
    }
}
