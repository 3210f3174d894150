package org.scurry.swarm.internal.author;

import java.time.Clock;
import java.util.function.LongFunction;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.spi.Store;

/**
 * Signs the entries of a feed whose key this node holds and queues them for the node's {@link
 * GroupCommit}. One lock per author makes "take the head, sign seq+1, queue" one step, so two
 * concurrent posts never fork our own feed, and the feed's entries reach the store in seq order.
 *
 * <p>The head is the newest entry signed, whether it is already durable or still queued: entries
 * can be signed faster than they are written. When the store does not append one of them, the
 * entries queued after it (chained on it) are failed with it and the next entry is signed on the
 * store's head again.
 */
public final class LocalAuthor {
    private final Ed25519Signer signer;
    private final Store store;
    private final Clock clock;
    private final FeedId feed;
    /** Newest entry signed (durable or queued); null: read the head from the store. Guarded by this. */
    private Entry head;

    public LocalAuthor(Ed25519Signer signer, Store store, Clock clock) {
        this.signer = signer;
        this.store = store;
        this.clock = clock;
        this.feed = FeedId.of(signer.publicKey());
    }

    public FeedId feed() {
        return feed;
    }

    public Ed25519Signer signer() {
        return signer;
    }

    /**
     * Signs the next entry and queues it for {@code commits}; does not wait for the disk. Throws
     * InvalidEntryException (content too large, not JSON) without changing anything, and
     * IllegalStateException when {@code commits} is closed.
     */
    public synchronized GroupCommit.Pending sign(String kind, byte[] content, GroupCommit commits) {
        return sign(kind, seq -> content, commits);
    }

    /**
     * Like {@link #sign(String, byte[], GroupCommit)}, with content made for the sequence number the
     * entry gets (a protected entry's ciphertext is bound to its seq).
     */
    public synchronized GroupCommit.Pending sign(String kind, LongFunction<byte[]> contentForSeq, GroupCommit commits) {
        Entry previous = head != null ? head : store.latest(feed).orElse(null);
        long seq = previous == null ? 1 : previous.seq() + 1;
        // Never go back in time relative to our own previous entry, even if the wall clock did.
        long timestamp = Math.max(clock.millis(), previous == null ? 0 : previous.timestamp());
        byte[] content = contentForSeq.apply(seq);
        Entry entry = Entry.sign(signer, seq, previous == null ? null : previous.id(), timestamp, kind, content);
        EntryValidator.requireValidContent(entry);
        GroupCommit.Pending pending = commits.enqueue(entry, this);
        head = entry;
        return pending;
    }

    /**
     * Called by {@code commits} when one of this feed's entries was not appended: the queued ones
     * after it fail too, and the next entry is signed on the store's head.
     */
    synchronized void notAppended(GroupCommit commits, RuntimeException cause) {
        head = null;
        commits.failQueued(this, cause);
    }

    static void requireValidContent(Entry entry) throws InvalidEntryException {
        EntryValidator.requireValidContent(entry);
    }
}
