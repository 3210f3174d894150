package org.scurry.swarm.internal.lan;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.scurry.swarm.FeedId;

/**
 * What LAN discovery knows of its neighbours, and the bounds on what a sender on the LAN can make
 * it spend: at most {@link #MAX_SOURCES} source addresses tracked, {@link #PACKETS_PER_SECOND}
 * datagrams a second from each, {@link #MAX_NEIGHBOURS} neighbours. Pure state with the time passed
 * in, so a unit test drives it without sockets; used by one thread at a time (the receive loop, the
 * sender's expiry and the status reads synchronize on it).
 */
final class LanNeighbours {
    static final int MAX_NEIGHBOURS = 256;
    static final int MAX_SOURCES = 1024;
    static final int PACKETS_PER_SECOND = 20;

    /** What to do about an announcement that was admitted. */
    enum Outcome {
        /** A node not known before, or at a new address: dial it and answer at once. */
        NEW,
        /** A node known at this address: nothing but remembering it is still there. */
        KNOWN,
        /** Not newer than the last announcement of this node: a copy or a replay, ignored. */
        REPLAYED,
        /** {@link #MAX_NEIGHBOURS} are known: ignored until some go quiet. */
        FULL
    }

    private static final class Neighbour {
        String address;
        long lastSeen;
        long lastSentAt;
    }

    private static final class Window {
        long start;
        int packets;
    }

    private final long expiryMillis;
    private final Map<FeedId, Neighbour> neighbours = new HashMap<>();
    private final Map<InetAddress, Window> sources = new HashMap<>();

    /** Neighbours silent for {@code expiryMillis} are forgotten. */
    LanNeighbours(long expiryMillis) {
        this.expiryMillis = expiryMillis;
    }

    /** Whether a datagram from {@code source} may be looked at: false past its rate or the sources bound. */
    synchronized boolean admit(InetAddress source, long now) {
        Window w = sources.get(source);
        if (w == null) {
            if (sources.size() >= MAX_SOURCES) {
                sources.values().removeIf(old -> now - old.start >= 1000);
                if (sources.size() >= MAX_SOURCES) {
                    return false;
                }
            }
            w = new Window();
            w.start = now;
            sources.put(source, w);
        }
        if (now - w.start >= 1000) {
            w.start = now;
            w.packets = 0;
        }
        return ++w.packets <= PACKETS_PER_SECOND;
    }

    /** A valid announcement of another node, heard from {@code address} (source IP and announced port). */
    synchronized Outcome heard(LanAnnouncement a, String address, long now) {
        Neighbour n = neighbours.get(a.id());
        if (n == null) {
            if (neighbours.size() >= MAX_NEIGHBOURS) {
                expire(now);
                if (neighbours.size() >= MAX_NEIGHBOURS) {
                    return Outcome.FULL;
                }
            }
            n = new Neighbour();
            neighbours.put(a.id(), n);
        } else if (a.sentAtMillis() <= n.lastSentAt) {
            return Outcome.REPLAYED;
        }
        boolean moved = !address.equals(n.address);
        n.address = address;
        n.lastSeen = now;
        n.lastSentAt = a.sentAtMillis();
        return moved ? Outcome.NEW : Outcome.KNOWN;
    }

    /** Forgets the neighbours silent for longer than the expiry, and idle source windows. */
    synchronized void expire(long now) {
        for (Iterator<Neighbour> it = neighbours.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastSeen > expiryMillis) {
                it.remove();
            }
        }
        sources.values().removeIf(w -> now - w.start >= 1000);
    }

    /** Neighbours heard within the expiry. */
    synchronized int count(long now) {
        expire(now);
        return neighbours.size();
    }
}
