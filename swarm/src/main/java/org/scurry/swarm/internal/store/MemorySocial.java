package org.scurry.swarm.internal.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.entry.ReplyRef;

/**
 * {@link MemoryStore}'s replies and profile state, as the SQL stores keep them in {@code replies},
 * {@code feeds.posts} and {@code feeds.profile_seq}. Not thread-safe: used under the store's monitor.
 */
final class MemorySocial {
    /** Reply ids by parent id, in the order stored. */
    private final Map<EntryId, List<EntryId>> replies = new HashMap<>();
    /** Per feed: posts stored and the latest profile entry's seq. */
    private final Map<FeedId, long[]> perFeed = new HashMap<>();

    /** Records what an appended entry adds. */
    void stored(Entry e) {
        if (Kind.POST.equals(e.kind())) {
            perFeed.computeIfAbsent(e.author(), k -> new long[2])[0]++;
            ReplyRef ref = ReplyRef.of(e);
            if (ref != null) {
                replies.computeIfAbsent(ref.parent(), k -> new ArrayList<>()).add(e.id());
            }
        } else if (Kind.PROFILE.equals(e.kind())) {
            perFeed.computeIfAbsent(e.author(), k -> new long[2])[1] = e.seq();
        }
    }

    List<EntryId> replyIds(EntryId parent) {
        return replies.getOrDefault(parent, List.of());
    }

    long posts(FeedId feed) {
        long[] s = perFeed.get(feed);
        return s == null ? 0 : s[0];
    }

    /** The latest profile entry's seq, 0 when none. */
    long profileSeq(FeedId feed) {
        long[] s = perFeed.get(feed);
        return s == null ? 0 : s[1];
    }
}
