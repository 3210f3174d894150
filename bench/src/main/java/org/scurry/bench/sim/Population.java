package org.scurry.bench.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.internal.store.MemoryStore;

/**
 * The people of a simulated swarm: a {@link FollowGraph}, one Ed25519 identity per node (derived
 * from the seed, so runs are reproducible) and each node's feed so far: a signed {@code address}
 * entry (where it listens on the {@link SimNetwork}) and one signed {@code follow} entry per account
 * it follows. Built once per size and shared by the runs at every offline share.
 */
public final class Population {
    private final FollowGraph graph;
    private final Ed25519Signer[] identities;
    private final FeedId[] ids;
    private final List<List<Entry>> feeds;
    private final int hops;

    private Population(FollowGraph graph, Ed25519Signer[] identities, List<List<Entry>> feeds, int hops) {
        this.graph = graph;
        this.identities = identities;
        this.feeds = feeds;
        this.hops = hops;
        this.ids = new FeedId[identities.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = FeedId.of(identities[i].publicKey());
        }
    }

    /**
     * Generates the graph and signs every follow entry (on all cores). {@code hops} is the nodes'
     * replication reach (NodeConfig.hops), used to preload stores.
     */
    public static Population build(FollowGraph graph, int hops, long seed) {
        int n = graph.size();
        SplittableRandom random = new SplittableRandom(seed ^ 0x5eed_1de5L);
        Ed25519Signer[] identities = new Ed25519Signer[n];
        for (int i = 0; i < n; i++) {
            byte[] s = new byte[Ed25519Signer.SEED_LENGTH];
            for (int j = 0; j < s.length; j += 8) {
                long r = random.nextLong();
                for (int b = 0; b < 8; b++) {
                    s[j + b] = (byte) (r >>> (8 * b));
                }
            }
            identities[i] = Ed25519Signer.fromSeed(s);
        }
        FeedId[] ids = new FeedId[n];
        for (int i = 0; i < n; i++) {
            ids[i] = FeedId.of(identities[i].publicKey());
        }
        // Back-dated an hour: these entries were written before the simulated period.
        long start = System.currentTimeMillis() - 3_600_000L;
        List<List<Entry>> feeds = IntStream.range(0, n)
                .parallel()
                .mapToObj(i -> {
                    int[] follows = graph.follows(i);
                    List<Entry> feed = new ArrayList<>(follows.length + 1);
                    // First the node's address, as a node publishes it on its first start: this is
                    // how followers learn where to dial it.
                    Entry prev = Entry.sign(
                            identities[i], 1, null, start, Kind.ADDRESS, Contents.address(SimNetwork.address(i)));
                    feed.add(prev);
                    for (int k = 0; k < follows.length; k++) {
                        Entry e = Entry.sign(
                                identities[i],
                                k + 2,
                                prev.id(),
                                start + k + 1,
                                Kind.FOLLOW,
                                Contents.follow(ids[follows[k]]));
                        feed.add(e);
                        prev = e;
                    }
                    return List.copyOf(feed);
                })
                .toList();
        return new Population(graph, identities, feeds, hops);
    }

    public FollowGraph graph() {
        return graph;
    }

    public int size() {
        return identities.length;
    }

    public Ed25519Signer identity(int i) {
        return identities[i];
    }

    public FeedId id(int i) {
        return ids[i];
    }

    public int hops() {
        return hops;
    }

    /** Entries signed in total (one address entry per node, one per follow). */
    public long entries() {
        long e = 0;
        for (List<Entry> f : feeds) {
            e += f.size();
        }
        return e;
    }

    /**
     * A store for node {@code i} as it stands before the simulated period: it holds every feed it
     * replicates, in full. (Getting there through replication would verify millions of signatures
     * that say nothing about delivery of new entries; the stores are filled directly instead.)
     */
    public MemoryStore preloadedStore(int i) {
        MemoryStore store = new MemoryStore();
        for (int f : graph.wanted(i, hops)) {
            if (!feeds.get(f).isEmpty()) {
                store.appendAll(feeds.get(f));
            }
        }
        return store;
    }

    /**
     * Which nodes replicate node {@code author}'s feed: itself and every node within {@code hops}
     * follows of it, as a bit set over node indices.
     */
    public java.util.BitSet replicatorsOf(int author) {
        java.util.BitSet seen = new java.util.BitSet(size());
        seen.set(author);
        List<Integer> frontier = new ArrayList<>(List.of(author));
        for (int h = 1; h <= hops && !frontier.isEmpty(); h++) {
            List<Integer> next = new ArrayList<>();
            for (int f : frontier) {
                for (int follower : graph.followers(f)) {
                    if (!seen.get(follower)) {
                        seen.set(follower);
                        next.add(follower);
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }
}
