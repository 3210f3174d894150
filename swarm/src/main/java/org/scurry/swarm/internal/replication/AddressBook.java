package org.scurry.swarm.internal.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.spi.Transport;

/**
 * Where peers can be reached: our own addresses (never dialled), the addresses peers tell us (their
 * Hello, {@code Peers} messages, history heartbeats) and the ones authors announce in {@code
 * address} entries, all handed to the {@link Dialer}, which it owns from {@link #start} on. It also
 * chooses the addresses shared with a peer that says Hello. Replication thread, except {@link
 * #start}.
 */
final class AddressBook {
    private static final int PEERS_TO_SHARE = 32;
    /** How many of a followed feed's newest entries are searched for its address entry. */
    private static final int ADDRESS_SCAN = 1000;

    private final NodeConfig config;
    private final Store store;
    private final WantedFeeds wanted;
    private final Set<String> ownAddresses = new HashSet<>();
    private String advertise = "";
    private Dialer dialer;
    private static final int MAX_RELAY_REACHABLE = 10_000;
    /** Nodes some relay said it reaches (bounded; a stale one only costs a failed dial). */
    private final Set<FeedId> relayReachable = new HashSet<>();

    private static final int OBSERVED = 8;
    /** Addresses peers saw our links come from, newest last (at most {@link #OBSERVED}). */
    private final java.util.LinkedHashSet<String> observed = new java.util.LinkedHashSet<>();
    /** The directly followed feeds whose address was looked up in the store ({@link #recall}). */
    private Set<FeedId> addressRecalled = Set.of();

    AddressBook(NodeConfig config, Store store, WantedFeeds wanted) {
        this.config = config;
        this.store = store;
        this.wanted = wanted;
    }

    /** Knows our own addresses and starts the dialer (on the caller's thread, before any dial). */
    void start(Transport transport, InetSocketAddress listening, Executor actor, LongSupplier clock) {
        advertise = config.advertiseAddress();
        ownAddresses.add(advertise);
        ownAddresses.add("127.0.0.1:" + listening.getPort());
        ownAddresses.add("localhost:" + listening.getPort());
        addInterfaceAddresses(listening);
        dialer = new Dialer(transport, actor, clock, config, ownAddresses);
    }

    /**
     * Bound to every interface: each interface's address with our port is ours too. A peer that
     * dialled us there (a LAN neighbour, docs/reach.md) shares it, and we would dial ourselves.
     */
    private void addInterfaceAddresses(InetSocketAddress listening) {
        if (listening.getAddress() == null || !listening.getAddress().isAnyLocalAddress()) {
            return;
        }
        try {
            for (java.net.NetworkInterface nif :
                    java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (java.net.InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        ownAddresses.add(a.getHostAddress() + ":" + listening.getPort());
                    }
                }
            }
        } catch (java.net.SocketException e) {
            // no list of interfaces: a peer may then tell us our own address, refused at the handshake
        }
    }

    /** The address our Hello tells peers (blank before {@link #start}). */
    String advertise() {
        return advertise;
    }

    /** How many addresses the dialer holds (0 before {@link #start}). */
    int dialTargets() {
        return dialer == null ? 0 : dialer.addresses().size();
    }

    /** A peer saw our link come from {@code address} (its Hello). */
    void observed(String address) {
        synchronized (observed) {
            observed.remove(address);
            observed.add(address);
            if (observed.size() > OBSERVED) {
                observed.remove(observed.iterator().next());
            }
        }
    }

    /** The addresses peers saw our links come from, newest last. Any thread. */
    List<String> observedAddresses() {
        synchronized (observed) {
            return List.copyOf(observed);
        }
    }

    /** Configured peers: dialled and kept linked. */
    void bootstrap(Collection<String> peers) {
        for (String p : peers) {
            dialer.addPermanent(p);
        }
    }

    /** Dials {@code hostPort} now and keeps it linked. */
    CompletableFuture<PeerLink> dialNow(String hostPort, long now) {
        return dialer.dialNow(hostPort, now);
    }

    /** An address a peer told us (its Hello, a {@code Peers} message): dialled if links are wanted. */
    void heardOf(String address) {
        dialer.addDiscovered(address);
    }

    /** An address from a history server's heartbeat: {@code keep} for a server we need linked. */
    void discovered(String address, boolean keep) {
        if (dialer == null || ownAddresses.contains(address)) {
            return;
        }
        if (keep) {
            dialer.addPermanent(address);
        } else {
            dialer.addDiscovered(address);
        }
    }

    /**
     * What to tell a peer that said Hello: the listen addresses of the other linked peers, then
     * other addresses we know, at most {@link #PEERS_TO_SHARE}.
     */
    List<String> toShare(PeerSession s, Collection<PeerSession> sessions) {
        List<String> known = new ArrayList<>();
        for (PeerSession other : sessions) {
            if (other != s && !other.listenAddress().isBlank() && !Dialer.isTunnel(other.listenAddress())) {
                known.add(other.listenAddress());
            }
        }
        for (String a : dialer.addresses()) {
            if (known.size() >= PEERS_TO_SHARE) {
                break;
            }
            if (!known.contains(a) && !Dialer.isTunnel(a)) {
                known.add(a);
            }
        }
        return known;
    }

    /**
     * A relay reaches {@code nodes} (its {@code Reachable}): the directly followed among them may be
     * reached through a tunnel, now or once followed.
     */
    void reachableThroughRelay(java.util.List<FeedId> nodes) {
        if (dialer == null) {
            return;
        }
        for (FeedId n : nodes) {
            if (relayReachable.size() < MAX_RELAY_REACHABLE) {
                relayReachable.add(n);
            }
            if (wanted.followedDirectly(n)) {
                dialer.addRelayed(n);
            }
        }
    }

    /** An {@code address} entry of another author: where that author can be dialled. */
    void learn(Entry e) {
        try {
            JsonNode n = EntryValidator.checkContent(e);
            dialer.addAnnounced(n.get("address").asText(), e.author());
        } catch (InvalidEntryException ex) {
            // already validated; nothing to learn
        }
    }

    /**
     * The wanted feeds changed to {@code now}: for each feed newly followed directly, its author's
     * address is looked up in the store (after a restart, the Dialer needs the addresses of the
     * authors it follows). Nothing before {@link #start}.
     */
    void followed(Set<FeedId> now) {
        if (dialer == null) {
            return;
        }
        Set<FeedId> direct = new HashSet<>();
        for (FeedId f : now) {
            if (wanted.followedDirectly(f)) {
                direct.add(f);
                if (!addressRecalled.contains(f)) {
                    recall(f);
                    if (relayReachable.contains(f)) {
                        dialer.addRelayed(f);
                    }
                }
            }
        }
        addressRecalled = direct;
    }

    /**
     * A newly followed feed's announced address, from the newest {@code address} entry among its
     * last {@link #ADDRESS_SCAN} entries in the store (those learnt live arrive through {@link
     * #learn}).
     */
    private void recall(FeedId feed) {
        long before = Long.MAX_VALUE;
        for (int scanned = 0; scanned < ADDRESS_SCAN; ) {
            List<Entry> page = store.feedPage(feed, before, 200);
            for (Entry e : page) {
                if (Kind.ADDRESS.equals(e.kind())) {
                    learn(e);
                    return;
                }
            }
            if (page.size() < 200) {
                return;
            }
            scanned += page.size();
            before = page.get(page.size() - 1).seq();
        }
    }

    /** Links opened, closed or changed what they cover: the dialer looks again (after start). */
    void linksChanged() {
        if (dialer != null) {
            dialer.linksChanged();
        }
    }

    /** The link to {@code peer} closed: redial it later if it is one to keep. */
    void unlinked(FeedId peer, long now) {
        dialer.onClosed(peer, now);
        dialer.linksChanged();
    }

    /** Periodic work: dials what is due (after start). */
    void tick(long now, Set<FeedId> linked, FeedId self, Coverage coverage) {
        if (dialer != null) {
            dialer.tick(now, linked, self, coverage);
        }
    }
}
