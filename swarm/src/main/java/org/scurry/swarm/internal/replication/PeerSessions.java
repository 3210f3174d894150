package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.spi.PeerLink;

/**
 * The open sessions, one per linked peer, in the order they opened (that order is walked by every
 * part that looks at all peers, so it is kept). Opening and closing them is {@link SessionLife}'s
 * job. Replication thread, except {@link #view}.
 */
final class PeerSessions {
    private final Map<FeedId, PeerSession> byPeer = new LinkedHashMap<>();
    private volatile List<PeerInfo> view = List.of();

    /** The session of this very link, or null when the link is closed or was replaced. */
    PeerSession of(PeerLink link) {
        PeerSession s = byPeer.get(link.remoteId());
        return s != null && s.link() == link ? s : null;
    }

    /** The session with {@code peer}, whatever its link, or null. */
    PeerSession withPeer(FeedId peer) {
        return byPeer.get(peer);
    }

    void put(PeerSession s) {
        byPeer.put(s.remoteId(), s);
    }

    void remove(FeedId peer) {
        byPeer.remove(peer);
    }

    /** Every open session, as a live view in the order they opened. */
    Collection<PeerSession> all() {
        return byPeer.values();
    }

    /** The linked peers, as a live view. */
    Set<FeedId> peers() {
        return byPeer.keySet();
    }

    int size() {
        return byPeer.size();
    }

    /** Rebuilds {@link #view} (when links open and close, and when the peers are asked for). */
    void updateView() {
        List<PeerInfo> v = new ArrayList<>();
        for (PeerSession s : byPeer.values()) {
            v.add(s.info());
        }
        view = List.copyOf(v);
    }

    /** The peers with their counters as of the last {@link #updateView}; any thread. */
    List<PeerInfo> view() {
        return view;
    }
}
