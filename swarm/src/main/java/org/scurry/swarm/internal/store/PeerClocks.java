package org.scurry.swarm.internal.store;

import org.scurry.swarm.FeedId;

/** The two directions of a saved peer clock (Store#savePeerClock), checked in one place. */
final class PeerClocks {
    static final String SENT = "sent";
    static final String RECEIVED = "received";

    private PeerClocks() {}

    /** 0 for "sent", 1 for "received"; throws naming the bad value otherwise. */
    static int code(String direction) {
        if (SENT.equals(direction)) {
            return 0;
        }
        if (RECEIVED.equals(direction)) {
            return 1;
        }
        throw new IllegalArgumentException("peer clock direction must be \"sent\" or \"received\": " + direction);
    }

    static String key(FeedId peer, String direction) {
        return code(direction) + peer.toString();
    }
}
