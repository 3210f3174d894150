package org.scurry.swarm;

import java.time.Clock;
import java.util.function.LongFunction;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;

/**
 * Appends entries to a feed whose key this node holds. One lock per author makes "read head, sign
 * seq+1, append" atomic, so two concurrent posts never fork our own feed.
 */
final class LocalAuthor {
    private final Ed25519Signer signer;
    private final Store store;
    private final Clock clock;

    LocalAuthor(Ed25519Signer signer, Store store, Clock clock) {
        this.signer = signer;
        this.store = store;
        this.clock = clock;
    }

    FeedId feed() {
        return FeedId.of(signer.publicKey());
    }

    Ed25519Signer signer() {
        return signer;
    }

    /**
     * Signs and durably appends the next entry. Throws InvalidEntryException (content too large,
     * not JSON) without changing anything.
     */
    synchronized Entry append(String kind, byte[] content) {
        return append(kind, seq -> content);
    }

    /**
     * Like {@link #append(String, byte[])}, with content made for the sequence number the entry gets
     * (a protected entry's ciphertext is bound to its seq).
     */
    synchronized Entry append(String kind, LongFunction<byte[]> contentForSeq) {
        Entry head = store.latest(feed()).orElse(null);
        long seq = head == null ? 1 : head.seq() + 1;
        // Never go back in time relative to our own previous entry, even if the wall clock did.
        long timestamp = Math.max(clock.millis(), head == null ? 0 : head.timestamp());
        byte[] content = contentForSeq.apply(seq);
        Entry entry = Entry.sign(signer, seq, head == null ? null : head.id(), timestamp, kind, content);
        EntryValidator.checkContent(entry);
        AppendResult result = store.append(entry);
        if (!result.appended()) {
            throw new IllegalStateException("own entry not appended (" + result.status() + "): " + entry);
        }
        return entry;
    }

    static void requireValidContent(Entry entry) throws InvalidEntryException {
        EntryValidator.checkContent(entry);
    }
}
