package org.scurry.swarm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.scurry.swarm.crypto.CryptoChoice;
import org.scurry.swarm.internal.crypto.Sha256;

/**
 * Settings of one node. Immutable; the {@code with...} methods return changed copies. Defaults are
 * the documented ones of README.md.
 *
 * @param dataDir where the store and the identity key live
 * @param listenHost interface the peer protocol binds to
 * @param swarmPort TCP port of the peer protocol (0 picks a free one)
 * @param advertiseAddress host:port published in {@code address} entries and peer exchange; empty
 *     for none (a node behind NAT still replicates through the links it opens)
 * @param bootstrapPeers host:port of peers to connect to at start and keep connected
 * @param networkKey 32 bytes that every peer of one swarm shares; peers with another key cannot
 *     complete a handshake
 * @param hops how far along the follow graph feeds are replicated: 1 = followed feeds, 2 = also
 *     the feeds they follow
 * @param maxPostChars longest post text accepted from a local author, in characters
 * @param sourceTimeout how long a feed's chosen source may stay silent while another peer
 *     advertises newer entries, before the feed is asked of that other peer
 * @param reconnectMin first delay before re-dialling a lost bootstrap peer; doubles up to reconnectMax
 * @param reconnectMax cap of the reconnect backoff
 * @param maxFrameBytes largest frame accepted from a peer
 * @param discoveredPeers how many peers learnt from the swarm (not configured) to keep linked; 0
 *     links only to configured peers and explicit connects
 * @param history the history role, custody and pruning, range fetching (docs/history.md)
 * @param crypto which library computes Ed25519 ({@link CryptoChoice}; process-wide, selected when the
 *     node starts: {@code AUTO} keeps what the process has, else follows {@code scurry.crypto})
 * @param limits what a peer or a stranger can make the node spend (docs/protocol.md §4)
 * @param protocolVersion the peer protocol version the node speaks ({@link
 *     org.scurry.swarm.wire.Protocol}): this build's by default; an older one only to test
 *     compatibility
 * @param store where entries are kept: the H2 file in {@code dataDir} ({@link StoreLocation#H2}, the
 *     default) or a PostgreSQL database
 * @param lan LAN discovery ({@link LanConfig}; off by default in the library, on in the gateway)
 * @param relay whether and how much the node relays tunnels for peers that cannot be dialled
 *     (docs/reach.md)
 */
public record NodeConfig(
        Path dataDir,
        String listenHost,
        int swarmPort,
        String advertiseAddress,
        List<String> bootstrapPeers,
        byte[] networkKey,
        int hops,
        int maxPostChars,
        Duration sourceTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        int maxFrameBytes,
        int discoveredPeers,
        org.scurry.swarm.history.HistoryConfig history,
        CryptoChoice crypto,
        LinkLimits limits,
        int protocolVersion,
        StoreLocation store,
        LanConfig lan,
        RelayLimits relay) {
    /**
     * Most links a node dials to directly followed authors (their {@code address} entries) to cover
     * the feeds it follows, beside configured and {@code discoveredPeers} links (docs/protocol.md
     * §5). Most nodes need far fewer (a followed friend covers the accounts it follows too); a node
     * following many accounts none of its friends follow needs more: in the simulator's
     * 10,000-node follow graph, 32 links cover 95 % of follows and 100 cover 99.9 %.
     */
    public static final int FOLLOWED_PEERS = 100;

    public static final int DEFAULT_SWARM_PORT = 8471;
    public static final String DEFAULT_NETWORK = "scurry";

    public NodeConfig {
        bootstrapPeers = List.copyOf(bootstrapPeers);
        if (networkKey.length != 32) {
            throw new IllegalArgumentException("network key must be 32 bytes: " + networkKey.length);
        }
        networkKey = networkKey.clone();
        if (hops < 0) {
            throw new IllegalArgumentException("hops must be ≥ 0: " + hops);
        }
        if (maxPostChars < 1) {
            throw new IllegalArgumentException("maxPostChars must be ≥ 1: " + maxPostChars);
        }
        java.util.Objects.requireNonNull(crypto, "crypto");
        org.scurry.swarm.wire.Protocol.check(protocolVersion);
        java.util.Objects.requireNonNull(store, "store");
        java.util.Objects.requireNonNull(lan, "lan");
        java.util.Objects.requireNonNull(relay, "relay");
    }

    /** Defaults for a node keeping its files in {@code dataDir}. */
    public static NodeConfig defaults(Path dataDir) {
        return new NodeConfig(
                dataDir,
                "0.0.0.0",
                DEFAULT_SWARM_PORT,
                "",
                List.of(),
                networkKeyFor(DEFAULT_NETWORK),
                2,
                1000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                1 << 20,
                4,
                org.scurry.swarm.history.HistoryConfig.defaults(),
                CryptoChoice.AUTO,
                LinkLimits.defaults(),
                org.scurry.swarm.wire.Protocol.VERSION,
                StoreLocation.H2,
                LanConfig.defaults(),
                RelayLimits.defaults());
    }

    /**
     * The network key for a swarm name: SHA-256 of {@code "scurry-network:" + name}. Private swarms
     * choose a long random name and keep it secret.
     */
    public static byte[] networkKeyFor(String name) {
        return Sha256.hash(("scurry-network:" + name).getBytes(StandardCharsets.UTF_8));
    }

    public NodeConfig withListen(String host, int port) {
        return with(b -> {
            b.listenHost = host;
            b.swarmPort = port;
        });
    }

    public NodeConfig withAdvertiseAddress(String address) {
        return with(b -> b.advertiseAddress = address);
    }

    public NodeConfig withBootstrapPeers(List<String> peers) {
        return with(b -> b.bootstrapPeers = peers);
    }

    public NodeConfig withNetworkKey(byte[] key) {
        return with(b -> b.networkKey = key);
    }

    public NodeConfig withHops(int h) {
        return with(b -> b.hops = h);
    }

    public NodeConfig withMaxPostChars(int n) {
        return with(b -> b.maxPostChars = n);
    }

    public NodeConfig withTimeouts(Duration source, Duration reconnectFirst, Duration reconnectCap) {
        return with(b -> {
            b.sourceTimeout = source;
            b.reconnectMin = reconnectFirst;
            b.reconnectMax = reconnectCap;
        });
    }

    public NodeConfig withDiscoveredPeers(int n) {
        return with(b -> b.discoveredPeers = n);
    }

    public NodeConfig withHistory(org.scurry.swarm.history.HistoryConfig h) {
        return with(b -> b.history = h);
    }

    public NodeConfig withMaxFrameBytes(int n) {
        return with(b -> b.maxFrameBytes = n);
    }

    public NodeConfig withCrypto(CryptoChoice c) {
        return with(b -> b.crypto = c);
    }

    public NodeConfig withLimits(LinkLimits l) {
        return with(b -> b.limits = l);
    }

    /** Speaks an older protocol version (compatibility tests). */
    public NodeConfig withProtocolVersion(int version) {
        return with(b -> b.protocolVersion = version);
    }

    /** Keeps entries in {@code location} instead of the H2 file in the data directory. */
    public NodeConfig withRelay(RelayLimits r) {
        return with(b -> b.relay = r);
    }

    public NodeConfig withStore(StoreLocation location) {
        return with(b -> b.store = location);
    }

    /** LAN discovery's settings (docs/reach.md). */
    public NodeConfig withLan(LanConfig l) {
        return with(b -> b.lan = l);
    }

    /** A copy with the fields {@code change} sets; the record's checks run on the result. */
    private NodeConfig with(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** Mutable copy of every field, for the {@code with...} methods. */
    private static final class Copy {
        Path dataDir;
        String listenHost;
        int swarmPort;
        String advertiseAddress;
        List<String> bootstrapPeers;
        byte[] networkKey;
        int hops;
        int maxPostChars;
        Duration sourceTimeout;
        Duration reconnectMin;
        Duration reconnectMax;
        int maxFrameBytes;
        int discoveredPeers;
        org.scurry.swarm.history.HistoryConfig history;
        CryptoChoice crypto;
        LinkLimits limits;
        int protocolVersion;
        StoreLocation store;
        LanConfig lan;
        RelayLimits relay;

        Copy(NodeConfig c) {
            dataDir = c.dataDir;
            listenHost = c.listenHost;
            swarmPort = c.swarmPort;
            advertiseAddress = c.advertiseAddress;
            bootstrapPeers = c.bootstrapPeers;
            networkKey = c.networkKey;
            hops = c.hops;
            maxPostChars = c.maxPostChars;
            sourceTimeout = c.sourceTimeout;
            reconnectMin = c.reconnectMin;
            reconnectMax = c.reconnectMax;
            maxFrameBytes = c.maxFrameBytes;
            discoveredPeers = c.discoveredPeers;
            history = c.history;
            crypto = c.crypto;
            limits = c.limits;
            protocolVersion = c.protocolVersion;
            store = c.store;
            lan = c.lan;
            relay = c.relay;
        }

        NodeConfig build() {
            return new NodeConfig(
                    dataDir,
                    listenHost,
                    swarmPort,
                    advertiseAddress,
                    bootstrapPeers,
                    networkKey,
                    hops,
                    maxPostChars,
                    sourceTimeout,
                    reconnectMin,
                    reconnectMax,
                    maxFrameBytes,
                    discoveredPeers,
                    history,
                    crypto,
                    limits,
                    protocolVersion,
                    store,
                    lan,
                    relay);
        }
    }
}
