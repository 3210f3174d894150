package org.scurry.swarm.internal.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scurry.swarm.history.Heartbeat;
import org.scurry.swarm.history.HistoryServer;

/**
 * The history servers a node knows of, from the heartbeats it received (directly or relayed), and
 * which of them are live: those whose latest heartbeat arrived within the liveness time. Liveness
 * is measured on this node's clock (when a fresher heartbeat arrived), so peers' clocks need not
 * agree. Thread-safe.
 */
public final class HistoryDirectory {
    /** Most servers remembered; a flood of made-up servers cannot grow memory without bound. */
    static final int MAX_SERVERS = 1024;

    private record Known(HistoryServer server, Heartbeat beat, long seenAt) {}

    private final long livenessMillis;
    private final Map<org.scurry.swarm.FeedId, Known> known = new HashMap<>();

    public HistoryDirectory(java.time.Duration liveness) {
        this.livenessMillis = liveness.toMillis();
    }

    /**
     * Takes a heartbeat whose signatures the caller checked. Returns true when it is fresher than
     * the server's last one (then it should be passed on to other peers); a heartbeat whose own
     * timestamp is already older than the liveness time (a replay) or from an unannounced kind is
     * ignored.
     */
    public synchronized boolean offer(Heartbeat beat, long now) {
        HistoryServer server;
        try {
            server = HistoryServer.of(beat.announcement());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (beat.timestamp() < now - livenessMillis) {
            return false;
        }
        Known old = known.get(server.id());
        if (old != null && old.beat().timestamp() >= beat.timestamp()) {
            return false;
        }
        if (old == null && known.size() >= MAX_SERVERS) {
            return false;
        }
        known.put(server.id(), new Known(server, beat, now));
        return true;
    }

    /** Servers whose latest heartbeat arrived within the liveness time. */
    public synchronized List<HistoryServer> live(long now) {
        List<HistoryServer> out = new ArrayList<>();
        for (Known k : known.values()) {
            if (now - k.seenAt() <= livenessMillis) {
                out.add(k.server());
            }
        }
        return out;
    }

    /** Latest heartbeats of the live servers, to tell a new peer. */
    public synchronized List<Heartbeat> liveBeats(long now) {
        List<Heartbeat> out = new ArrayList<>();
        for (Known k : known.values()) {
            if (now - k.seenAt() <= livenessMillis) {
                out.add(k.beat());
            }
        }
        return out;
    }

    /** A server that announced itself, live or not. */
    public synchronized Optional<HistoryServer> server(org.scurry.swarm.FeedId id) {
        Known k = known.get(id);
        return k == null ? Optional.empty() : Optional.of(k.server());
    }

    public synchronized boolean isLive(org.scurry.swarm.FeedId id, long now) {
        Known k = known.get(id);
        return k != null && now - k.seenAt() <= livenessMillis;
    }
}
