package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.entry.InvalidEntryException;
import org.scurry.swarm.spi.AppendResult;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.ReplicationRuntime;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message.RangeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries from peers, in: only feeds we replicate are kept (a peer cannot make us store what we
 * never asked for), verified and appended by the {@link EntryIntake} ({@link Ingest}, or {@link
 * InlineIngest} in the simulator), and the outcome taken in on the replication thread: what the
 * sender holds, duplicates counted, invalid entries cost the peer, a mismatched prev asks for fork
 * evidence, and what was appended goes to the {@link AppendFanout}.
 */
final class IncomingEntries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingEntries.class);

    private final ReplicationActor actor;
    private final PeerSessions sessions;
    private final Sources sources;
    private final PeerScores scores;
    private final AppendFanout fanout;
    /** The wanted feeds, readable from the network threads. */
    private final Supplier<Set<FeedId>> wanted;

    private final EntryIntake intake;
    private final NodeMeter meter;
    /** Fork evidence asked for, by feed and seq: each once. */
    private final Set<String> rangeRequested = new HashSet<>();

    IncomingEntries(
            Store store,
            ReplicationRuntime runtime,
            ReplicationActor actor,
            PeerSessions sessions,
            Sources sources,
            PeerScores scores,
            AppendFanout fanout,
            Supplier<Set<FeedId>> wanted,
            NodeMeter meter) {
        this.actor = actor;
        this.meter = meter;
        this.sessions = sessions;
        this.sources = sources;
        this.scores = scores;
        this.fanout = fanout;
        this.wanted = wanted;
        this.intake = runtime.inlineIngest()
                ? new InlineIngest(store, runtime.validator(), meter, r -> actor.run(() -> ingested(r)))
                : new Ingest(store, runtime.validator(), "scurry-ingest", meter, r -> actor.run(() -> ingested(r)));
    }

    /** A batch from {@code link} (network thread): the wanted feeds' entries go to the intake. */
    void received(PeerLink link, List<Entry> entries) {
        Set<FeedId> want = wanted.get();
        List<Entry> kept = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (want.contains(entry.author())) {
                kept.add(entry);
            }
        }
        meter.received(entries.size());
        if (kept.size() < entries.size()) {
            meter.refused("unwanted", entries.size() - kept.size());
        }
        if (!kept.isEmpty()) {
            Map<FeedId, Long> newest = newestSeqs(kept);
            actor.run(() -> arriving(link, newest)); // queued before any append of the batch
            intake.submit(link, kept);
        }
    }

    private static Map<FeedId, Long> newestSeqs(List<Entry> entries) {
        Map<FeedId, Long> newest = new HashMap<>();
        for (Entry e : entries) {
            newest.merge(e.author(), e.seq(), Math::max);
        }
        return newest;
    }

    /**
     * A batch from {@code link} reached us, not yet verified: a feed's source that sent entries
     * past what we asked it for is delivering, now rather than once the batch is appended. Behind a
     * verification backlog the store can pass what a source advertised before the results are
     * reported here; the source then looked idle (or silent) and was replaced, and the new source
     * streamed again what was already queued (a loaded machine showed over 100 duplicates of 200).
     * Queued before the batch is submitted, so no append of it is seen first. Forged entries still
     * fail verification and cost the peer as usual.
     */
    private void arriving(PeerLink link, Map<FeedId, Long> newest) {
        PeerSession s = sessions.of(link);
        if (s == null) {
            return;
        }
        long now = actor.now();
        newest.forEach((f, seq) -> {
            if (sources.of(f) == s && seq > s.toldSeq(f, 0L)) {
                s.delivering(f);
                sources.progressed(f, now);
            }
        });
    }

    private void ingested(Ingest.Result r) {
        PeerSession from = sessions.of(r.from());
        for (InvalidEntryException e : r.invalid()) {
            refuse(r.from(), e.getMessage());
        }
        List<Entry> appended = new ArrayList<>();
        long duplicates = 0;
        for (AppendResult a : r.results()) {
            if (from != null) {
                // It holds what it sent: keep our view of its clock current even when it streams
                // to us (a streaming source sends entries, not notes).
                from.holds(a.entry().author(), a.entry().seq());
                sources.noted(a.entry().author());
                from.delivering(a.entry().author());
            }
            switch (a.status()) {
                case APPENDED -> appended.add(a.entry());
                case DUPLICATE -> duplicates++;
                case FORK -> {
                    refusedByTheStore(a);
                    LOG.warn(
                            "feed {} is forked at seq {}: kept the first entry, stored the proof",
                            a.entry().author(),
                            a.entry().seq());
                }
                case BAD_PREV -> {
                    refusedByTheStore(a);
                    askForForkEvidence(r.from(), a.entry());
                }
                case GAP -> refusedByTheStore(a);
            }
        }
        meter.stored(appended.size());
        meter.duplicates((int) duplicates);
        if (from != null) {
            from.countReceived(appended.size());
            from.countDuplicates(duplicates);
        }
        if (!appended.isEmpty()) {
            fanout.appended(appended, from);
        }
    }

    /** A verified entry the store's chain rule did not take: counted under its status's name. */
    private void refusedByTheStore(AppendResult a) {
        meter.refused(a.status().name().toLowerCase(java.util.Locale.ROOT), 1);
    }

    /** An invalid entry from {@code link}: it costs the peer; too many close the link and ban it. */
    void refuse(PeerLink link, String reason) {
        LOG.warn("refused entry from peer {}: {}", link.remoteId().shortText(), reason);
        if (scores.penalise(link.remoteId(), PeerScores.INVALID_ENTRY, actor.now())) {
            LOG.warn(
                    "peer {} sent too many invalid entries: banned for {} min",
                    link.remoteId().shortText(),
                    PeerScores.BAN_MILLIS / 60_000);
            link.close("too many invalid entries");
        }
    }

    /**
     * An entry whose prev does not match our head: the author may have forked. Ask that peer for
     * its entry at seq-1; if it differs from ours, the store records the fork proof.
     */
    private void askForForkEvidence(PeerLink link, Entry e) {
        String key = e.author() + "/" + (e.seq() - 1);
        if (e.seq() > 1 && rangeRequested.add(key)) {
            link.send(new RangeRequest(e.author(), e.seq() - 1, e.seq() - 1));
        }
    }

    @Override
    public void close() {
        intake.close();
    }
}
