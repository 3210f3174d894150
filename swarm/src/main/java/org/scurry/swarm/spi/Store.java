package org.scurry.swarm.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.ForkProof;
import org.scurry.swarm.Health;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;

/**
 * The log store: every feed a contiguous chain of verified entries. Implementations: {@code
 * internal.store.H2Store} (embedded file database, the default), {@code internal.store.PgStore} (a
 * PostgreSQL database, {@link org.scurry.swarm.NodeConfig#store()}) and {@code
 * internal.store.MemoryStore} (tests and the simulator); a node takes another through {@link
 * org.scurry.swarm.Node.Builder#store}.
 *
 * <p>Contract: methods are thread-safe and block on I/O. When an append method returns, what it
 * reports as {@link AppendResult.Status#APPENDED} is durable (survives kill -9). Appends are atomic:
 * after a crash a feed holds a prefix of what was appended, never a gap. Entries passed to append
 * must already have passed {@link org.scurry.swarm.entry.EntryValidator}; the store checks the
 * chain (seq, prev) in the same transaction. Read methods never return entries of a feed beyond
 * a gap.
 *
 * <p>A write the store cannot make now (the disk is full) throws {@link StoreUnavailableException}
 * and stores nothing of the call; the store stays open, keeps serving reads, reports {@link
 * #health()} not ready meanwhile, and takes writes again once it can, without being reopened by
 * the caller. Nothing acknowledged before is lost.
 */
public interface Store extends AutoCloseable {

    /** Appends one entry; see {@link #appendAll}. */
    AppendResult append(Entry entry);

    /**
     * Appends entries in order, in one transaction, checking each against the feed's head (which
     * may be an entry earlier in the same list). Entries that do not fit are skipped with their
     * status; the rest are stored. A same-seq conflict stores a {@link ForkProof}.
     */
    List<AppendResult> appendAll(List<Entry> entries);

    /**
     * Like {@link #appendAll}, but the entries reach the disk within the store's flush interval
     * (about half a second) instead of before the call returns, so many batches share one disk
     * write. After a crash each feed still holds a contiguous prefix; what was lost is fetched from
     * peers again. For replicated entries, which nobody was promised were kept; never for a local
     * author's posts. Entries it appends are visible to readers at once.
     */
    default List<AppendResult> appendAllDeferred(List<Entry> entries) {
        return appendAll(entries);
    }

    /** Latest sequence held for the feed; 0 when none. */
    long latestSeq(FeedId feed);

    /**
     * Oldest sequence held for the feed: 1 for a whole chain, more once older entries were pruned
     * ({@link #prune}); 0 when none is held. The feed holds every seq from here to {@link
     * #latestSeq}.
     */
    long oldestSeq(FeedId feed);

    /**
     * Deletes the feed's entries with seq below {@code belowSeq}, never its newest entry, so the
     * feed keeps a contiguous suffix of its chain (DESIGN.md §6: clients keep a recent window).
     * Returns how many entries were deleted. Durable when it returns. The caller decides what may
     * be pruned (custody receipts, own feeds): the store only deletes. Later appends of an entry
     * below the oldest held seq are reported as {@link AppendResult.Status#DUPLICATE} with a
     * detail saying it was not checked (the entry it would be compared with is gone).
     */
    long prune(FeedId feed, long belowSeq);

    /**
     * Puts back part of a pruned past: {@code entries} are consecutive entries of {@code feed},
     * ascending, the last one at {@link #oldestSeq} − 1 and its id the prev of the entry held there,
     * so the feed stays one contiguous suffix of its chain. A history server assigned a feed again
     * refetches what it had pruned this way (docs/history.md). Entries must already have passed
     * {@link org.scurry.swarm.entry.EntryValidator}; derived state (follows, names) is left alone,
     * as it was derived when the entries were first appended (a feed is only ever begun at seq 1).
     * Returns the new oldest seq. Throws IllegalArgumentException, storing nothing, when the
     * entries do not join the feed held that way. Durable when it returns.
     */
    long restoreBelow(FeedId feed, List<Entry> entries);

    Optional<Entry> latest(FeedId feed);

    /**
     * The entry with this id. A reply is found through the replies index; any other entry may cost
     * a scan of the ids held (no index on every entry's id: it would slow each append).
     */
    Optional<Entry> get(EntryId id);

    Optional<Entry> get(FeedId feed, long seq);

    /** Entries with fromSeq ≤ seq ≤ toSeq, ascending, at most {@code limit}. */
    List<Entry> range(FeedId feed, long fromSeq, long toSeq, int limit);

    /** Entries with seq < beforeSeq (Long.MAX_VALUE for the newest), descending, at most {@code limit}. */
    List<Entry> feedPage(FeedId feed, long beforeSeq, int limit);

    /**
     * Entries of the given feeds, newest first (author timestamp, then arrival), starting strictly
     * after {@code before} (null for the newest).
     */
    TimelinePage timeline(Collection<FeedId> feeds, TimelineCursor before, int limit);

    /**
     * Entries in the order this store took them, starting strictly after {@code position} (0 for
     * the first entry held), ascending, at most {@code limit} (≥ 1), each with its position. What
     * a reader uses to go through everything the node stored, once, and to resume where it
     * stopped: the {@code scurry:} Camel component's consumer reads this way.
     *
     * <p>Positions: every entry stored (appended, or put back by {@link #restoreBelow}) gets the
     * next number of a store-wide counter, so they are positive and grow in the order the store's
     * writes committed; a reader never sees a position appear below one it has already read. There
     * may be holes (entries pruned since). They survive a reopen. Only what {@link
     * #appendAllDeferred} had not yet written may be lost in a crash, and its positions are then
     * given again to the next entries: {@link #lastArrival} tells a reader that it is beyond the
     * store's end. Blocks on I/O like the other reads.
     */
    List<Arrival> arrivedSince(long position, int limit);

    /**
     * The position of the last entry this store took ({@link #arrivedSince}), 0 when it never took
     * one. Cheap: no I/O.
     */
    long lastArrival();

    /** Every feed held, with its latest sequence. */
    Map<FeedId, Long> clock();

    /** The fork proof stored for a feed, if it was ever seen forked. */
    Optional<ForkProof> fork(FeedId feed);

    /**
     * The feeds {@code follower} currently follows, as its own {@code follow}/{@code unfollow}
     * entries held here say. Maintained by the store as those entries are appended.
     */
    java.util.Set<FeedId> follows(FeedId follower);

    /** The display name from the feed's latest {@code profile} entry that set one. */
    Optional<String> displayName(FeedId feed);

    /** Feeds whose latest profile name equals {@code name} (case-insensitive). */
    java.util.Set<FeedId> feedsNamed(String name);

    /**
     * The posts held whose content's {@code replyTo} is {@code parent}, by author then seq. Read
     * through an index of replies by parent maintained as entries are appended: the cost is the
     * number of replies, not of entries held.
     */
    List<Entry> replies(EntryId parent);

    /**
     * The posts held that answer any of {@code parents}, in no particular order: {@link
     * #replies(EntryId)} for many parents at once (a thread's way down, one level per call), so
     * a store on a database asks in a few statements rather than one per parent.
     */
    default List<Entry> replies(java.util.Collection<EntryId> parents) {
        List<Entry> out = new java.util.ArrayList<>();
        for (EntryId parent : parents) {
            out.addAll(replies(parent));
        }
        return out;
    }

    /** The feed's latest {@code profile} entry held, if any. */
    Optional<Entry> latestProfile(FeedId feed);

    /** How many {@code post} entries of the feed this store has stored (counted as appended). */
    long postsStored(FeedId feed);

    /** How many feeds held here follow {@code feed}, as their follow entries say. */
    long followersKnown(FeedId feed);

    /** Counts for status output. */
    StoreStats stats();

    /**
     * What a peer last told us it holds (or what we last told it), so that a reconnect sends only
     * what changed (DESIGN.md §5). Keyed by the peer's identity; {@code direction} is "sent" or
     * "received". Durable when the method returns.
     */
    void savePeerClock(FeedId peer, String direction, Map<FeedId, Long> clock);

    Map<FeedId, Long> loadPeerClock(FeedId peer, String direction);

    /**
     * Whether writes are taken now, and if not, why: a volatile read, never blocks. A store that
     * never fails (in memory) is always ready. A store on a database server (PostgreSQL) is also not
     * ready while the server cannot be reached; its reads of entries then throw {@link
     * StoreUnavailableException} too, while what it caches (heads, {@link #clock}, {@link #stats})
     * still answers.
     */
    default Health health() {
        return Health.READY;
    }

    /** Flushes and releases files. Idempotent. */
    @Override
    void close();
}
