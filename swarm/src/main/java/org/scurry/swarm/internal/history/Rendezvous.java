package org.scurry.swarm.internal.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.history.HistoryServer;
import org.scurry.swarm.internal.crypto.Sha256;

/**
 * Weighted rendezvous (highest random weight) hashing of feeds onto history servers (DESIGN.md
 * §6). Every node computes the same ranking from the same live set, with no coordination; when a
 * server leaves, only its feeds move, each to the next server of that feed's ranking.
 *
 * <pre>
 * h     = first 8 bytes of SHA-256("scurry-rendezvous-v1" || feed key (32) || server key (32))
 * u     = ((h &gt;&gt;&gt; 11) + 0.5) / 2^53            uniform in (0, 1)
 * score = capacity / -ln(u)                       higher ranks first; ties by server id
 * </pre>
 *
 * With equal capacities this is plain rendezvous hashing; a server offering twice the capacity
 * gets about twice the feeds (the weighted form of Schindelhauer and Schomaker).
 */
public final class Rendezvous {
    private static final byte[] LABEL = "scurry-rendezvous-v1".getBytes(StandardCharsets.US_ASCII);

    private Rendezvous() {}

    /** The score of one (feed, server) pair; see the class comment. */
    public static double score(FeedId feed, FeedId server, long capacity) {
        byte[] input = ByteBuffer.allocate(LABEL.length + 64)
                .put(LABEL)
                .put(feed.toBytes())
                .put(server.toBytes())
                .array();
        long h = ByteBuffer.wrap(Sha256.hash(input)).getLong();
        double u = ((h >>> 11) + 0.5) / (double) (1L << 53);
        return capacity / -Math.log(u);
    }

    /** The whole ranking of {@code servers} for {@code feed}, best first. */
    public static List<HistoryServer> rank(FeedId feed, Collection<HistoryServer> servers) {
        List<HistoryServer> ranked = new ArrayList<>(servers);
        ranked.sort(Comparator.comparingDouble((HistoryServer s) -> -score(feed, s.id(), s.capacity()))
                .thenComparing(HistoryServer::id));
        return ranked;
    }

    /** The first {@code k} servers of the ranking (fewer when fewer are given). */
    public static List<HistoryServer> top(FeedId feed, Collection<HistoryServer> servers, int k) {
        List<HistoryServer> ranked = rank(feed, servers);
        return ranked.subList(0, Math.min(k, ranked.size()));
    }
}
