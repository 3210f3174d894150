package org.scurry.swarm.protect;

import java.util.List;
import java.util.Optional;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.internal.protect.SealedEntries;

/**
 * Protected feeds on one node (DESIGN.md §7, docs/protected.md): turning protection on and off,
 * follow requests, approving, denying and revoking followers, and opening protected entries for a
 * local reader that holds the key. {@link org.scurry.swarm.Node#protection()} gives the node's.
 *
 * <p>The state is read from the feeds' own entries in the store, so it survives restarts and is the
 * same on every node holding the entries. Writing methods block until their entries are durable
 * and return them; they throw {@link IllegalArgumentException} with a message fit to show when the
 * operation makes no sense (approving someone already approved, revoking a stranger, a feed this
 * node holds no key for). Thread-safe.
 */
public interface Protection {

    /** A feed's protection as its entries say. {@code followers} are the approved ones now. */
    record Status(FeedId owner, boolean on, int epoch, List<FeedId> followers) {}

    /** A pending follow request to a local owner. {@code note} is "" when none was given. */
    record Request(EntryId id, FeedId from, String note, long timestamp) {}

    /** True for an entry whose content is sealed, as stored. */
    static boolean isSealed(Entry entry) {
        return SealedEntries.isSealed(entry);
    }

    /**
     * True when an entry may be shown on a public surface (a public Atom/RSS feed, a public MQTT
     * topic, an unauthenticated API read): neither sealed nor an opened view of a sealed one.
     */
    static boolean isPublic(Entry entry) {
        return !Kind.SEALED.equals(entry.kind()) && !entry.isOpened();
    }

    /** The epoch a sealed entry names; throws ProtectException(MALFORMED) when it names none. */
    static int epochOf(Entry sealed) {
        return SealedEntries.epochOf(sealed);
    }

    /** The feed's protection as the entries held here say. */
    Status status(FeedId owner);

    /** True while the feed's latest {@code protect} entry held here says on. */
    boolean isProtected(FeedId owner);

    /** True when {@code reader} (a local identity) can open entries {@code owner} seals now. */
    boolean isFollowerNow(FeedId reader, FeedId owner);

    /**
     * The entry as {@code reader} (a local identity) may see it: opened when it is sealed and the
     * reader holds its epoch's key, else unchanged (a sealed entry stays sealed). Never throws for a
     * protected entry that does not open.
     */
    Entry read(FeedId reader, Entry entry);

    /** Like {@link #read} but throws ProtectException with the reason when a sealed entry does not open. */
    Entry open(FeedId reader, Entry entry);

    /**
     * Turns protection on or off; returns the {@code protect} entry, or empty when it already was so.
     * The first time on starts epoch 1; turning it on again keeps the epoch (followers keep access).
     */
    Optional<Entry> setProtected(FeedId owner, boolean on);

    /**
     * Pending follow requests to {@code owner} from the feeds held here that follow it, oldest first:
     * one per requester (its newest), not yet approved, denied, or made before a revocation of it.
     */
    List<Request> requests(FeedId owner);

    /** Publishes a follow request from a local identity to {@code owner}, sealed so only the owner reads it. */
    Entry request(FeedId requester, FeedId owner, String note);

    /**
     * Approves {@code follower}: seals the current epoch's key to it in a {@code grant} entry.
     * {@code request} (nullable) is the request this answers. Protection must have been on once.
     */
    Entry approve(FeedId owner, FeedId follower, EntryId request);

    /** Approves the requester of a pending request; IllegalArgumentException when there is none. */
    Entry approveRequest(FeedId owner, EntryId request);

    /**
     * Approves {@code follower}, answering its pending request when it has one (else a grant without
     * a request: approving someone who has not asked, or whose request this node does not hold).
     */
    Entry approveFeed(FeedId owner, FeedId follower);

    /** Denies a pending request: a {@code deny} entry naming it; the requester gets no key. */
    Entry deny(FeedId owner, EntryId request);

    /** Denies the pending request of {@code requester}; throws IllegalArgumentException when it has none. */
    Entry denyFeed(FeedId owner, FeedId requester);

    /**
     * Revokes an approved follower: a {@code revoke} entry moves the feed to a new epoch, and the new
     * key is granted to the remaining followers only. Entries sealed before stay readable to the
     * revoked follower (it held that key); entries sealed after are not. Returns every entry made.
     */
    List<Entry> revoke(FeedId owner, FeedId follower);
}
