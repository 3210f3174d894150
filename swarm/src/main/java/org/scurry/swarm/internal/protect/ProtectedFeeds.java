package org.scurry.swarm.internal.protect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.Contents;
import org.scurry.swarm.protect.ProtectException;
import org.scurry.swarm.protect.ProtectException.Reason;
import org.scurry.swarm.protect.Protection;
import org.scurry.swarm.spi.Store;

/**
 * The node's {@link Protection} (DESIGN.md §7, docs/protected.md): turning protection on and off,
 * follow requests, approving, denying and revoking followers, sealing the posts of a protected local
 * feed, and opening protected entries for a local reader that holds the key; and what the node and
 * replication need beyond that ({@link #publish}, {@link #asks}, {@link #currentKey}).
 *
 * <p>The state is read from the feeds' own entries in the store (folded lazily, per feed, up to
 * the feed's head on each use), so it survives restarts and is the same on every node holding the
 * entries; keys learnt from grants are cached in memory. Writing methods block until their entries
 * are durable and throw {@link IllegalArgumentException} with a message fit to show when the
 * operation makes no sense (approving someone already approved, revoking a stranger). Thread-safe:
 * one lock.
 *
 * <p>Why it is long: it is the Protection API (fourteen operations) under one lock, over a fold of
 * each feed's protection entries; the formats are classes of their own (FeedLog folds a feed,
 * Grants, Requests, SealedEntries, FeedKey).
 */
public final class ProtectedFeeds implements Protection {

    /** What {@link ProtectedFeeds} needs from the node: local keys, and appending to local feeds. */
    public interface Authors {
        /** The key of a local identity (the node's own or a hosted one), if this node holds it. */
        Optional<Ed25519Signer> signer(FeedId feed);

        /**
         * Appends an entry to a local feed, content made for the entry's seq; blocks until durable,
         * hands it to replication, returns it. Throws IllegalArgumentException for bad content.
         */
        Entry publish(FeedId author, String kind, LongFunction<byte[]> contentForSeq);
    }

    /** A local requester that may be waiting for {@code owner}'s answer (see {@link #asks}). */
    public record Ask(FeedId requester, FeedId owner) {}

    private record KeyRef(FeedId reader, FeedId owner, int epoch) {}

    private final Store store;
    private final Authors authors;
    private final Map<FeedId, FeedLog> logs = new HashMap<>();
    /**
     * On/off of local feeds, so that a post need not fold the feed's new entries (a store read per
     * post, behind the writer): a local feed's {@code protect} entries are made here or through
     * {@link #forgetState}, which keep it current.
     */
    private final Map<FeedId, Boolean> localOn = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<KeyRef, FeedKey> keyring = new HashMap<>();
    /** Requests already tried by an owner: the note if it was addressed to it, else empty. */
    private final Map<FeedId, Map<EntryId, Optional<String>>> opened = new HashMap<>();

    public ProtectedFeeds(Store store, Authors authors) {
        this.store = store;
        this.authors = authors;
    }

    // ---- reading --------------------------------------------------------------------------------

    public synchronized Status status(FeedId owner) {
        FeedLog log = log(owner);
        return new Status(owner, log.on, log.epoch, List.copyOf(log.followers));
    }

    /** True while the feed's latest {@code protect} entry held here says on. */
    public boolean isProtected(FeedId owner) {
        Boolean known = localOn.get(owner);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            boolean on = log(owner).on;
            if (authors.signer(owner).isPresent()) {
                localOn.put(owner, on);
            }
            return on;
        }
    }

    /** A {@code protect} entry of a local feed was published some other way: read it again. */
    public void forgetState(FeedId owner) {
        localOn.remove(owner);
    }

    /**
     * The entry as {@code reader} (a local identity) may see it: opened when it is sealed and the
     * reader holds its epoch's key, else unchanged (a sealed entry stays sealed). Never throws for a
     * protected entry that does not open.
     */
    public Entry read(FeedId reader, Entry entry) {
        if (!SealedEntries.isSealed(entry)) {
            return entry;
        }
        try {
            return open(reader, entry);
        } catch (ProtectException e) {
            return entry;
        }
    }

    /** Like {@link #read} but throws ProtectException with the reason when a sealed entry does not open. */
    public synchronized Entry open(FeedId reader, Entry entry) {
        if (!SealedEntries.isSealed(entry)) {
            return entry;
        }
        return SealedEntries.open(key(reader, entry.author(), SealedEntries.epochOf(entry)), entry);
    }

    /**
     * The key of the owner's current epoch as {@code reader} holds it: proof that the reader is an
     * approved follower now. Throws ProtectException: NO_KEY when it never got a grant, STALE_EPOCH
     * when its newest grant is of an older epoch (it was revoked, or an old grant was replayed).
     */
    public synchronized FeedKey currentKey(FeedId reader, FeedId owner) {
        FeedLog log = log(owner);
        if (log.epoch == 0) {
            throw new ProtectException(Reason.NO_KEY, owner.shortText() + " never turned protection on");
        }
        if (!reader.equals(owner)) {
            TreeMap<Integer, Entry> held = log.grants.get(reader);
            if (held == null || held.isEmpty()) {
                throw new ProtectException(
                        Reason.NO_KEY, reader.shortText() + " holds no grant of " + owner.shortText());
            }
            if (held.lastKey() < log.epoch || !log.followers.contains(reader)) {
                throw new ProtectException(
                        Reason.STALE_EPOCH,
                        "the newest grant to " + reader.shortText() + " is of epoch " + held.lastKey() + " but "
                                + owner.shortText() + " is at epoch " + log.epoch + ": no current access");
            }
        }
        return key(reader, owner, log.epoch);
    }

    /** True when {@code reader} can open entries {@code owner} seals now. */
    public synchronized boolean isFollowerNow(FeedId reader, FeedId owner) {
        try {
            currentKey(reader, owner);
            return true;
        } catch (ProtectException e) {
            return false;
        }
    }

    private FeedKey key(FeedId reader, FeedId owner, int epoch) {
        KeyRef ref = new KeyRef(reader, owner, epoch);
        FeedKey cached = keyring.get(ref);
        if (cached != null) {
            return cached;
        }
        Ed25519Signer signer = authors.signer(reader)
                .orElseThrow(() -> new ProtectException(
                        Reason.NO_KEY, "this node holds no key for the reader " + reader.shortText()));
        FeedKey key;
        if (reader.equals(owner)) {
            key = FeedKey.derive(signer, epoch);
        } else {
            TreeMap<Integer, Entry> held = log(owner).grants.get(reader);
            Entry grant = held == null ? null : held.get(epoch);
            if (grant == null) {
                throw new ProtectException(
                        Reason.NO_KEY,
                        reader.shortText() + " holds no grant of epoch " + epoch + " of " + owner.shortText()
                                + " (not approved then, or revoked before it)");
            }
            key = Grants.open(grant, signer);
        }
        keyring.put(ref, key);
        return key;
    }

    // ---- writing as an owner --------------------------------------------------------------------

    /**
     * Publishes a local author's entry: sealed with the current epoch's key while the feed is
     * protected, as it is otherwise. Returns the entry as stored.
     */
    public synchronized Entry publish(FeedId author, String kind, byte[] content) {
        FeedLog log = log(author);
        if (!log.on) {
            return authors.publish(author, kind, seq -> content);
        }
        FeedKey key = key(author, author, log.epoch);
        return authors.publish(author, Kind.SEALED, seq -> SealedEntries.seal(key, seq, kind, content));
    }

    /**
     * Turns protection on or off; returns the {@code protect} entry, or empty when it already was so.
     * The first time on starts epoch 1; turning it on again keeps the epoch (followers keep access).
     */
    public synchronized Optional<Entry> setProtected(FeedId owner, boolean on) {
        requireLocal(owner);
        FeedLog log = log(owner);
        if (log.on == on && (log.epoch > 0 || !on)) {
            return Optional.empty();
        }
        int epoch = Math.max(1, log.epoch);
        if (on) {
            // Before the entry: a post racing with this one then takes the sealing path, which
            // waits for this lock and seals with the state the protect entry sets.
            localOn.put(owner, true);
        }
        Entry entry;
        try {
            entry = authors.publish(owner, Kind.PROTECT, seq -> protectContent(on, epoch));
        } catch (RuntimeException e) {
            localOn.remove(owner);
            throw e;
        }
        localOn.put(owner, on); // off only once the entry is durable: until then posts are sealed
        return Optional.of(entry);
    }

    /**
     * Pending follow requests to {@code owner} from the feeds held here that follow it, oldest first:
     * one per requester (its newest), not yet approved, denied, or made before a revocation of it.
     */
    public synchronized List<Request> requests(FeedId owner) {
        Ed25519Signer signer = requireLocal(owner);
        List<Request> out = new ArrayList<>();
        for (FeedId f : store.clock().keySet()) {
            pendingFrom(owner, signer, f).ifPresent(out::add);
        }
        out.sort(Comparator.comparingLong(Request::timestamp));
        return out;
    }

    /**
     * True when the feed {@code requester}, as held here, has a pending request to the local
     * {@code owner} (replication asks this to keep fetching a feed a hint pointed at). False when
     * {@code owner} is not local.
     */
    public synchronized boolean hasPendingRequest(FeedId owner, FeedId requester) {
        Optional<Ed25519Signer> signer = authors.signer(owner);
        return signer.isPresent() && pendingFrom(owner, signer.get(), requester).isPresent();
    }

    /**
     * The newest pending request of {@code f} to {@code owner}: one that opens for the owner, made
     * after the last answer to {@code f} (grant, deny) and after its last revocation; several pending
     * ones show as the newest, with the newest note given.
     */
    private Optional<Request> pendingFrom(FeedId owner, Ed25519Signer signer, FeedId f) {
        FeedLog own = log(owner);
        if (f.equals(owner) || own.followers.contains(f) || !store.follows(f).contains(owner)) {
            return Optional.empty();
        }
        Map<EntryId, Optional<String>> tried = opened.computeIfAbsent(owner, o -> new HashMap<>());
        List<Entry> mine = log(f).requests.stream()
                .filter(r ->
                        tried.computeIfAbsent(r.id(), id -> tryOpen(r, signer)).isPresent())
                .toList();
        // An answer (grant, deny) or a revocation settles that request and every earlier one of f.
        long settled = own.revokedAt.getOrDefault(f, Long.MIN_VALUE);
        for (Entry r : mine) {
            if (own.decided.contains(r.id())) {
                settled = Math.max(settled, r.timestamp());
            }
        }
        Request latest = null;
        for (Entry r : mine) {
            Optional<String> note = tried.get(r.id());
            if (r.timestamp() <= settled) {
                continue;
            }
            String text = note.get().isEmpty() && latest != null ? latest.note() : note.get();
            latest = new Request(r.id(), f, text, r.timestamp());
        }
        return Optional.ofNullable(latest);
    }

    /**
     * The owners that the local {@code requesters} may be waiting for: each requester that made a
     * follow request, with every feed it follows that is protected or not held here (whom a request
     * is for is sealed, so its follows say), that is not local, and that has neither approved it nor
     * answered or revoked its newest request. At most {@code limit}, protected owners first. What
     * replication hints to peers so that requests reach owners on other nodes.
     */
    public List<Ask> asks(java.util.Collection<FeedId> requesters, int limit) {
        List<Ask> known = new ArrayList<>();
        List<Ask> unknown = new ArrayList<>();
        for (FeedId r : requesters) {
            // One requester at a time under the lock: the first call folds every local feed, which
            // must not keep posts and approvals waiting that long.
            synchronized (this) {
                asksOf(r, known, unknown);
            }
        }
        List<Ask> out = new ArrayList<>(known);
        out.addAll(unknown);
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private void asksOf(FeedId r, List<Ask> known, List<Ask> unknown) {
        FeedLog mine = log(r);
        if (mine.requests.isEmpty()) {
            return;
        }
        Entry newest = mine.requests.get(mine.requests.size() - 1);
        for (FeedId o : store.follows(r)) {
            if (o.equals(r) || authors.signer(o).isPresent()) {
                continue; // an owner on this node reads the request from the store
            }
            FeedLog owner = log(o);
            boolean held = store.latestSeq(o) > 0;
            if (held && owner.epoch == 0) {
                continue; // never protected: nothing to ask
            }
            if (owner.followers.contains(r)
                    || owner.decided.contains(newest.id())
                    || owner.revokedAt.getOrDefault(r, Long.MIN_VALUE) >= newest.timestamp()) {
                continue;
            }
            (held ? known : unknown).add(new Ask(r, o));
        }
    }

    private static Optional<String> tryOpen(Entry request, Ed25519Signer owner) {
        try {
            return Optional.of(Requests.open(request, owner));
        } catch (ProtectException e) {
            return Optional.empty();
        }
    }

    /** The pending request with that id; throws IllegalArgumentException when there is none. */
    public synchronized Request pendingRequest(FeedId owner, EntryId request) {
        return requests(owner).stream()
                .filter(r -> r.id().equals(request))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pending request " + request));
    }

    /**
     * Approves {@code follower}: seals the current epoch's key to it in a {@code grant} entry.
     * {@code request} (nullable) is the request this answers. Protection must have been on once.
     */
    public synchronized Entry approve(FeedId owner, FeedId follower, EntryId request) {
        requireLocal(owner);
        FeedLog log = log(owner);
        if (follower.equals(owner)) {
            throw new IllegalArgumentException("a feed cannot approve itself");
        }
        if (log.epoch == 0) {
            throw new IllegalArgumentException("turn protection on first (protect on)");
        }
        if (log.followers.contains(follower)) {
            throw new IllegalArgumentException(follower + " is already an approved follower");
        }
        FeedKey key = key(owner, owner, log.epoch);
        return authors.publish(owner, Kind.GRANT, seq -> Grants.content(key, follower, request));
    }

    /** Approves the requester of a pending request. */
    public synchronized Entry approveRequest(FeedId owner, EntryId request) {
        Request r = pendingRequest(owner, request);
        return approve(owner, r.from(), r.id());
    }

    /**
     * Approves {@code follower}, answering its pending request when it has one (else a grant without
     * a request: approving someone who has not asked, or whose request this node does not hold).
     */
    public synchronized Entry approveFeed(FeedId owner, FeedId follower) {
        Optional<Request> pending =
                requests(owner).stream().filter(r -> r.from().equals(follower)).findFirst();
        return approve(owner, follower, pending.map(Request::id).orElse(null));
    }

    /** Denies the pending request of {@code requester}; throws IllegalArgumentException when it has none. */
    public synchronized Entry denyFeed(FeedId owner, FeedId requester) {
        Request r = requests(owner).stream()
                .filter(q -> q.from().equals(requester))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pending request from " + requester));
        return deny(owner, r.id());
    }

    /** Denies a pending request: a {@code deny} entry naming it; the requester gets no key. */
    public synchronized Entry deny(FeedId owner, EntryId request) {
        pendingRequest(owner, request);
        return authors.publish(owner, Kind.DENY, seq -> Contents.write(Map.of("request", request.toString())));
    }

    /**
     * Revokes an approved follower: a {@code revoke} entry moves the feed to a new epoch, and the new
     * key is granted to the remaining followers only. Entries sealed before stay readable to the
     * revoked follower (it held that key); entries sealed after are not. Returns every entry made.
     */
    public synchronized List<Entry> revoke(FeedId owner, FeedId follower) {
        requireLocal(owner);
        FeedLog log = log(owner);
        if (!log.followers.contains(follower)) {
            throw new IllegalArgumentException(follower + " is not an approved follower");
        }
        int next = log.epoch + 1;
        List<Entry> made = new ArrayList<>();
        Map<String, Object> revoke = new LinkedHashMap<>();
        revoke.put("feed", follower.toString());
        revoke.put("epoch", next);
        made.add(authors.publish(owner, Kind.REVOKE, seq -> Contents.write(revoke)));
        FeedKey key = key(owner, owner, next);
        for (FeedId f : List.copyOf(log(owner).followers)) {
            made.add(authors.publish(owner, Kind.GRANT, seq -> Grants.content(key, f, null)));
        }
        return made;
    }

    // ---- writing as a follower ------------------------------------------------------------------

    /** Publishes a follow request from a local identity to {@code owner}, sealed so only the owner reads it. */
    public synchronized Entry request(FeedId requester, FeedId owner, String note) {
        requireLocal(requester);
        if (requester.equals(owner)) {
            throw new IllegalArgumentException("a feed cannot ask to follow itself");
        }
        return authors.publish(requester, Kind.REQUEST, seq -> Requests.content(requester, owner, note));
    }

    // ---- machinery ------------------------------------------------------------------------------

    private Ed25519Signer requireLocal(FeedId feed) {
        return authors.signer(feed)
                .orElseThrow(() -> new IllegalArgumentException("this node holds no key for " + feed));
    }

    /** The feed's fold, brought up to the feed's head. */
    private FeedLog log(FeedId feed) {
        FeedLog log = logs.computeIfAbsent(feed, FeedLog::new);
        long head = store.latestSeq(feed);
        while (log.folded < head) {
            List<Entry> batch = store.range(feed, log.folded + 1, head, 1000);
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(log::apply);
        }
        return log;
    }

    static byte[] protectContent(boolean on, int epoch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("on", on);
        m.put("epoch", epoch);
        return Contents.write(m);
    }
}
