package org.scurry.swarm.internal.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message.Chunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a page of a feed's past that this node does not hold (pruned, or never replicated), from
 * history servers first and then any linked peer that holds it (docs/history.md). Every entry is
 * verified ({@link ChainCheck}) and the run must join what is already trusted: the oldest entry
 * held, or the oldest entry of the page read before it (cached). For a feed not held at all the
 * newest page is anchored only by its signatures. Blocks the calling thread (a reader's request)
 * for at most {@link #REQUEST_TIMEOUT_SECONDS} per peer asked.
 */
public final class HistoryReader {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);
    static final long REQUEST_TIMEOUT_SECONDS = 10;

    private final Store store;
    private final EntryValidator validator;
    private final ChunkRequests requests;
    private final HistoryCache cache;
    private final Function<FeedId, List<PeerLink>> candidates;

    HistoryReader(
            Store store,
            EntryValidator validator,
            ChunkRequests requests,
            HistoryCache cache,
            Function<FeedId, List<PeerLink>> candidates) {
        this.store = store;
        this.validator = validator;
        this.requests = requests;
        this.cache = cache;
        this.candidates = candidates;
    }

    /**
     * Entries of {@code feed} with seq below {@code before}, newest first, at most {@code limit}:
     * those held locally, completed with verified ones fetched (or cached). Throws
     * NoSuchElementException when no peer can supply the missing part.
     */
    public List<Entry> page(FeedId feed, long before, int limit) {
        long head = store.latestSeq(feed);
        long low = store.oldestSeq(feed);
        List<PeerLink> links = null;
        long knownHead = head;
        if (head == 0) {
            links = candidates.apply(feed);
            knownHead = probe(links, feed);
        }
        long top = Math.min(before - 1, knownHead);
        if (top < 1) {
            return List.of();
        }
        long from = Math.max(1, top - limit + 1);
        long missingTo = head == 0 ? top : Math.min(top, low - 1);
        List<Entry> page = new ArrayList<>();
        if (missingTo >= from) {
            List<Entry> older = cache.run(feed, from, missingTo);
            if (older == null) {
                long anchorSeq = missingTo + 1;
                Entry anchor = head > 0 && anchorSeq >= low
                        ? store.get(feed, anchorSeq).orElse(null)
                        : null;
                if (anchor == null) {
                    anchor = cache.get(feed, anchorSeq);
                }
                long fetchTo = anchor != null ? missingTo : Math.min(missingTo + 1, knownHead);
                if (links == null) {
                    links = candidates.apply(feed);
                }
                List<Entry> run = fetch(links, feed, from, fetchTo);
                if (anchor != null && !ChainCheck.joins(run.get(run.size() - 1), anchor)) {
                    throw new NoSuchElementException("the history peers sent of feed " + feed + " before seq "
                            + anchorSeq + " does not join the chain held here (a fork?)");
                }
                cache.put(feed, run);
                older = run.subList(0, (int) (missingTo - from + 1));
            }
            page.addAll(older);
        }
        if (head > 0 && top >= low) {
            page.addAll(store.range(feed, Math.max(low, from), top, limit));
        }
        Collections.reverse(page);
        return page;
    }

    /** The head the first peer that holds the feed reports. */
    private long probe(List<PeerLink> links, FeedId feed) {
        for (PeerLink link : links) {
            Chunk c = ask(link, feed, 0, 0);
            if (c != null && c.head() > 0) {
                return c.head();
            }
        }
        throw new NoSuchElementException("no entries held for feed " + feed + ", and no linked peer holds any");
    }

    /** A verified run from..to, asked of the links in order, each continuing where the last stopped. */
    private List<Entry> fetch(List<PeerLink> links, FeedId feed, long from, long to) {
        List<Entry> out = new ArrayList<>();
        long cursor = from;
        for (PeerLink link : links) {
            while (cursor <= to) {
                Chunk c = ask(link, feed, cursor, to);
                if (c == null || c.entries().isEmpty()) {
                    break;
                }
                List<Entry> got = new ArrayList<>();
                for (Entry e : c.entries()) {
                    if (e.seq() <= to) {
                        got.add(e);
                    }
                }
                String problem = ChainCheck.problem(got, feed, cursor, validator);
                if (problem == null && !out.isEmpty() && !ChainCheck.joins(out.get(out.size() - 1), got.get(0))) {
                    problem = "seq " + cursor + " does not join seq " + (cursor - 1);
                }
                if (problem != null || got.isEmpty()) {
                    LOG.warn(
                            "feed {}: peer {} sent a bad page of the past ({}); asking another",
                            feed.shortText(),
                            link.remoteId().shortText(),
                            problem);
                    break;
                }
                out.addAll(got);
                cursor = got.get(got.size() - 1).seq() + 1;
            }
            if (cursor > to) {
                return out;
            }
        }
        throw new NoSuchElementException(
                "seq " + cursor + ".." + to + " of feed " + feed + " is not held here and no linked peer sent it");
    }

    private Chunk ask(PeerLink link, FeedId feed, long from, long to) {
        ChunkRequests.Sent sent = requests.send(link, feed, from, to);
        try {
            return sent.answer().get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            requests.cancel(sent.id());
            LOG.info(
                    "peer {} did not answer a history request within {} s",
                    link.remoteId().shortText(),
                    REQUEST_TIMEOUT_SECONDS);
            return null;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel(sent.id());
            throw new NoSuchElementException("interrupted while reading the history of feed " + feed);
        }
    }
}
