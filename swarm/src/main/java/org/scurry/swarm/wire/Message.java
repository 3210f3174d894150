package org.scurry.swarm.wire;

import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;

/**
 * The replication messages peers exchange once the handshake has authenticated them. The byte
 * layout of each is in {@link MessageCodec} and docs/protocol.md. Every message is one frame.
 */
public sealed interface Message
        permits Message.Hello,
                Message.Clock,
                Message.Entries,
                Message.Peers,
                Message.RangeRequest,
                Message.Ping,
                Message.ChunkRequest,
                Message.Chunk,
                Message.Ranges,
                Message.Beat,
                Message.Receipts,
                Message.Hints,
                Message.Limits,
                Message.Reachable,
                Message.TunnelOpen,
                Message.TunnelData,
                Message.TunnelAck,
                Message.TunnelClose,
                Message.Unknown {

    /**
     * First message on a link, both ways. {@code listenAddress} is where the sender accepts peers
     * ("" if nowhere); {@code clockDigest} is a digest of the clock this peer sent in earlier
     * sessions as the sender remembers it (0: nothing remembered). When it matches what the peer
     * remembers sending, the peer sends only the notes that changed since. {@code version} is the
     * sender's protocol version ({@link Protocol}) and {@code capabilities} its optional features
     * (a bitset, {@link Protocol#CAP_HISTORY}); a version-1 Hello has neither on the wire. {@code
     * observedAddress} is the address the sender sees the receiver's link come from ("" for none;
     * the Hello extension {@link MessageCodec#EXT_OBSERVED_ADDRESS}), so a node learns how others
     * see it (docs/reach.md).
     */
    record Hello(String listenAddress, long clockDigest, int version, long capabilities, String observedAddress)
            implements Message {
        public Hello {
            if (version < 1 || version > 0xffff) {
                throw new IllegalArgumentException("protocol version must be 1..65535: " + version);
            }
            if (version == 1 && capabilities != 0) {
                throw new IllegalArgumentException("a version-1 Hello carries no capabilities: " + capabilities);
            }
            java.util.Objects.requireNonNull(observedAddress, "observedAddress");
            if (version == 1 && !observedAddress.isEmpty()) {
                throw new IllegalArgumentException("a version-1 Hello carries no extensions: " + observedAddress);
            }
        }

        /** A Hello that does not tell the peer the address it is seen from. */
        public Hello(String listenAddress, long clockDigest, int version, long capabilities) {
            this(listenAddress, clockDigest, version, capabilities, "");
        }

        /** A Hello of this build's protocol version, without capabilities. */
        public Hello(String listenAddress, long clockDigest) {
            this(listenAddress, clockDigest, Protocol.VERSION, 0);
        }
    }

    /**
     * Clock notes: for each feed, the latest sequence the sender holds (0 for none) and whether it
     * wants this peer to send it entries after that ({@code receive}). A note with receive=false
     * still tells the peer what the sender holds, so it can be asked later (fail-over).
     */
    record Clock(List<Note> notes) implements Message {}

    /**
     * One feed's state in a {@link Clock}: seq ≥ 0 is the latest held (0 none); seq = -1 withdraws
     * interest in the feed (stop sending entries and notes for it).
     */
    record Note(FeedId feed, long seq, boolean receive) {}

    /** Entries in feed order (within a feed, ascending seq). */
    record Entries(List<Entry> entries) implements Message {}

    /** Addresses (host:port) of peers the sender knows, for discovery. */
    record Peers(List<String> addresses) implements Message {}

    /**
     * Asks for entries fromSeq..toSeq of one feed, answered with {@link Entries} (used to fetch the
     * other side of a suspected fork, and for ranges in chunks).
     */
    record RangeRequest(FeedId feed, long fromSeq, long toSeq) implements Message {}

    /** Keep-alive; carries nothing. */
    record Ping() implements Message {}

    /**
     * Asks for entries fromSeq..toSeq of one feed for a multi-source range fetch or a read of the
     * past (docs/history.md); answered with a {@link Chunk} carrying the same {@code requestId}.
     * fromSeq = toSeq = 0 asks only for what the peer holds (low and head).
     */
    record ChunkRequest(long requestId, FeedId feed, long fromSeq, long toSeq) implements Message {}

    /**
     * The answer to a {@link ChunkRequest}: the entries of the asked range that the sender holds,
     * ascending, starting at fromSeq (possibly fewer: the sender caps a chunk by size, or does not
     * hold them), and the range it holds of the feed ({@code low}..{@code head}, 0..0 for none).
     */
    record Chunk(long requestId, FeedId feed, long low, long head, List<Entry> entries) implements Message {}

    /** The sender holds only {@code low..head} of these feeds (older entries were pruned). */
    record Ranges(List<Range> ranges) implements Message {}

    /** One feed's held range in {@link Ranges}. */
    record Range(FeedId feed, long low, long head) {}

    /** A history server's heartbeat, gossiped to every peer (docs/history.md). */
    record Beat(org.scurry.swarm.history.Heartbeat heartbeat) implements Message {}

    /** Custody receipts signed by history servers, gossiped to peers replicating those feeds. */
    record Receipts(List<org.scurry.swarm.history.CustodyReceipt> receipts) implements Message {}

    /**
     * Follow-request hints (docs/protected.md, "How a request reaches its owner"): each says "feed
     * {@code requester}, up to {@code seq}, follows {@code owner} and may hold a request to it",
     * which only the node
     * hosting the owner acts on (by fetching the requester's feed for a while); a node that does not
     * host it may pass it on, {@code ttl} more times, to peers that replicate the owner.
     */
    record Hints(List<Hint> hints) implements Message {}

    /**
     * One hint of {@link Hints}: {@code seq} (≥ 1) is the requester's head when the hint was made (the
     * receiver judges the hint once it holds that much); {@code ttl} is 0..{@link
     * MessageCodec#MAX_HINT_TTL}.
     */
    record Hint(FeedId requester, FeedId owner, long seq, int ttl) {}

    /**
     * The budgets the sender holds this peer to (docs/protocol.md §4), sent after {@link Hello}
     * since protocol version 2: at most {@code maxPendingRequests} range and chunk requests whose
     * answers are not yet sent (beyond half of it the sender stops reading the peer); at most
     * {@code maxQueuedBytes} queued for the peer; a peer that reads nothing for {@code
     * stallMillis} while bytes wait for it is dropped. A peer keeps well under them.
     */
    record Limits(long maxPendingRequests, long maxQueuedBytes, long stallMillis) implements Message {
        public Limits {
            if (maxPendingRequests < 0
                    || maxPendingRequests > MessageCodec.U32
                    || maxQueuedBytes < 0
                    || maxQueuedBytes > MessageCodec.U32
                    || stallMillis < 0
                    || stallMillis > MessageCodec.U32) {
                throw new IllegalArgumentException("limits must be 0.." + MessageCodec.U32 + ": " + maxPendingRequests
                        + ", " + maxQueuedBytes + ", " + stallMillis);
            }
        }
    }

    /**
     * Version 3, from a relay: the nodes it opens tunnels to for this peer (each keeps a link to the
     * relay and asked to be reached through it). Replaces what the relay said before. At most
     * {@link TunnelMessages#MAX_REACHABLE} nodes.
     */
    record Reachable(List<FeedId> nodes) implements Message {
        public Reachable {
            nodes = List.copyOf(nodes);
            if (nodes.size() > TunnelMessages.MAX_REACHABLE) {
                throw new IllegalArgumentException("a Reachable message names at most " + TunnelMessages.MAX_REACHABLE
                        + " nodes: " + nodes.size());
            }
        }
    }

    /**
     * Version 3: opens tunnel {@code tunnelId} on this link. To a relay, {@code node} is the node to
     * reach; from a relay, the node that asked for the tunnel. The side that dialled the link uses odd
     * ids, the other even ones.
     */
    record TunnelOpen(long tunnelId, FeedId node) implements Message {
        public TunnelOpen {
            TunnelMessages.checkId(tunnelId);
        }
    }

    /**
     * Version 3: bytes of a tunnel's stream (the frames of the end-to-end Noise session inside it):
     * between 1 and {@link TunnelMessages#MAX_DATA} of them.
     */
    record TunnelData(long tunnelId, byte[] bytes) implements Message {
        public TunnelData {
            TunnelMessages.checkId(tunnelId);
            if (bytes.length < 1 || bytes.length > TunnelMessages.MAX_DATA) {
                throw new IllegalArgumentException(
                        "tunnel data must be 1.." + TunnelMessages.MAX_DATA + " bytes: " + bytes.length);
            }
        }
    }

    /**
     * Version 3: the sender's end of the tunnel took {@code bytes} more bytes off it: the peer may
     * send that many more (each direction of a tunnel has a window of {@link
     * TunnelMessages#WINDOW} bytes sent and not yet acknowledged).
     */
    record TunnelAck(long tunnelId, long bytes) implements Message {
        public TunnelAck {
            TunnelMessages.checkId(tunnelId);
            if (bytes < 1 || bytes > TunnelMessages.WINDOW) {
                throw new IllegalArgumentException("tunnel ack must be 1.." + TunnelMessages.WINDOW + ": " + bytes);
            }
        }
    }

    /** Version 3: tunnel {@code tunnelId} is closed (or refused), and why. */
    record TunnelClose(long tunnelId, String reason) implements Message {
        public TunnelClose {
            TunnelMessages.checkId(tunnelId);
        }
    }

    /**
     * A message of a type the receiver's protocol version does not know (a newer peer's): decoded
     * only as far as its type and length, ignored and counted, never a reason to close the link.
     * Never sent.
     */
    record Unknown(int type, int length) implements Message {}
}
