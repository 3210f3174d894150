package org.scurry.swarm.spi;

import org.scurry.swarm.FeedId;
import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.wire.Message;

/** One authenticated link to a remote peer, whose identity the handshake proved. */
public interface PeerLink {

    /** The remote peer's identity (its node feed id). */
    FeedId remoteId();

    /** The remote socket address as text, for logs and status. */
    String remoteAddress();

    /**
     * The relay this link's tunnel runs through, or null for a direct link. A tunnel link is
     * authenticated end to end like a direct one; the relay sees only ciphertext (docs/reach.md).
     */
    default FeedId relay() {
        return null;
    }

    /** True when this side opened the link. */
    boolean outbound();

    /**
     * Queues a message. Never blocks, never throws; a message sent on a closed link is dropped. A
     * message that would take the bytes queued for the peer past its budget ({@link
     * LinkLimits#maxQueuedBytes}) closes the link instead: the peer does not read.
     */
    void send(Message message);

    /**
     * False while the outbound buffer is above its high-water mark: streaming senders pause and
     * resume on {@link Handler#onWritable}.
     */
    boolean isWritable();

    boolean isOpen();

    /**
     * Stops ({@code false}) or resumes ({@code true}) reading from the peer: while stopped, what it
     * sends waits in its socket and TCP slows it down. Never blocks; a link that cannot pause
     * (in-memory ones) ignores it.
     */
    default void setReading(boolean reading) {}

    /** Bytes queued for this peer and not yet written to its socket (0 where not counted). */
    default long queuedBytes() {
        return 0;
    }

    /** Closes the link, logging the reason. Idempotent. */
    void close(String reason);

    /**
     * Receives link events. Calls for one link come in order from one thread at a time; handlers
     * must not block for long (hand heavy work to another executor).
     */
    interface Handler {
        void onOpen(PeerLink link);

        void onMessage(PeerLink link, Message message);

        void onWritable(PeerLink link);

        void onClose(PeerLink link, String reason);

        /**
         * An entry inside a message from this peer did not decode (its bytes break the entry layout).
         * It was left out of the {@link Message.Entries} that follows; the node should score the peer
         * down. Called before that message's {@link #onMessage}. Does nothing by default.
         */
        default void onInvalidEntry(PeerLink link, org.scurry.swarm.entry.InvalidEntryException reason) {}
    }
}
