package org.scurry.swarm.internal.protect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.protect.ProtectException;
import org.scurry.swarm.protect.Protection;

/**
 * What one feed's entries say about protection, folded in order: as an owner (its {@code protect},
 * {@code grant}, {@code revoke} and {@code deny} entries) and as a requester (its {@code request}
 * entries). Entries with malformed content change nothing (they were signed and stay in the chain).
 * Not thread-safe: {@link Protection} guards it.
 */
final class FeedLog {
    final FeedId feed;
    /** Entries up to this seq have been folded in. */
    long folded;

    boolean on;
    /** The current epoch; 0 until protection was first turned on. */
    int epoch;
    /** Approved followers now (granted and not revoked since), in approval order. */
    final Set<FeedId> followers = new LinkedHashSet<>();
    /** Grants by follower and epoch (the latest grant of an epoch wins). */
    final Map<FeedId, TreeMap<Integer, Entry>> grants = new HashMap<>();
    /** Requests answered by a grant or a deny. */
    final Set<EntryId> decided = new HashSet<>();
    /** When each follower was last revoked (author timestamp): older requests of theirs are done. */
    final Map<FeedId, Long> revokedAt = new HashMap<>();
    /** This feed's own follow requests (to whom is sealed). */
    final List<Entry> requests = new ArrayList<>();

    FeedLog(FeedId feed) {
        this.feed = feed;
    }

    void apply(Entry e) {
        folded = Math.max(folded, e.seq());
        String kind = e.kind();
        if (!Kind.PROTECT.equals(kind)
                && !Kind.GRANT.equals(kind)
                && !Kind.REVOKE.equals(kind)
                && !Kind.DENY.equals(kind)
                && !Kind.REQUEST.equals(kind)) {
            return;
        }
        try {
            JsonNode c = ProtectJson.MAPPER.readTree(e.content());
            switch (kind) {
                case Kind.PROTECT -> {
                    int ep = c.path("epoch").asInt(0);
                    if (c.path("on").isBoolean() && ep >= 1) {
                        on = c.get("on").asBoolean();
                        epoch = Math.max(epoch, ep);
                    }
                }
                case Kind.GRANT -> {
                    Grants.Grant g = Grants.parse(e);
                    grants.computeIfAbsent(g.to(), f -> new TreeMap<>()).put(g.epoch(), e);
                    if (g.epoch() >= epoch) {
                        followers.add(g.to());
                    }
                    if (g.request() != null) {
                        decided.add(g.request());
                    }
                }
                case Kind.REVOKE -> {
                    FeedId who = FeedId.parse(c.path("feed").asText(""));
                    followers.remove(who);
                    revokedAt.put(who, e.timestamp());
                    epoch = Math.max(epoch, c.path("epoch").asInt(0));
                }
                case Kind.DENY -> decided.add(EntryId.parse(c.path("request").asText("")));
                case Kind.REQUEST -> requests.add(e);
                default -> {
                    // filtered above
                }
            }
        } catch (IOException | IllegalArgumentException | ProtectException ignored) {
            // malformed content derives nothing
        }
    }
}
