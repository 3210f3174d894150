package org.scurry.swarm.internal.history;

import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.entry.InvalidEntryException;

/**
 * Checks a run of entries received out of the normal stream (a chunk of a range fetch, a page of
 * the past) before anything is done with it: every entry valid on its own (signature, content,
 * timestamp), of the asked feed, with consecutive seqs starting at the asked one, each {@code prev}
 * the id of the entry before it. Whether the run joins the chain held is the caller's check.
 */
final class ChainCheck {
    private ChainCheck() {}

    /** Returns null when the run is sound, else what is wrong with it (for the log). */
    static String problem(List<Entry> run, FeedId feed, long fromSeq, EntryValidator validator) {
        long expected = fromSeq;
        EntryId prev = null;
        for (Entry e : run) {
            if (!e.author().equals(feed)) {
                return "entry of feed " + e.author().shortText() + " in a chunk of " + feed.shortText();
            }
            if (e.seq() != expected) {
                return "seq " + e.seq() + " where " + expected + " was expected";
            }
            try {
                validator.validate(e);
            } catch (InvalidEntryException ex) {
                return ex.getMessage();
            }
            if (prev != null && !e.prev().map(prev::equals).orElse(false)) {
                return "prev of seq " + e.seq() + " is not the id of seq " + (e.seq() - 1);
            }
            prev = e.id();
            expected++;
        }
        return null;
    }

    /** True when {@code next} follows {@code previous} in the chain (or is seq 1 after none). */
    static boolean joins(Entry previous, Entry next) {
        if (previous == null) {
            return next.seq() == 1;
        }
        return next.seq() == previous.seq() + 1
                && next.prev().map(previous.id()::equals).orElse(false);
    }
}
