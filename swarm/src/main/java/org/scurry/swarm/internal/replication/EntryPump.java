package org.scurry.swarm.internal.replication;

import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.internal.history.HistoryProtocol;
import org.scurry.swarm.spi.NodeMeter;
import org.scurry.swarm.spi.Store;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.Entries;
import org.scurry.swarm.wire.Message.RangeRequest;

/**
 * Sends a peer what it asked for, only while its link is writable: first its range and chunk
 * requests in order, then batches of the entries it lacks of the feeds it asked us to stream
 * (round-robin between feeds), live ones included. A turn sends a few batches and yields the
 * thread; the link's next writable event (or new work) schedules the next. Replication thread.
 */
final class EntryPump {
    static final int BATCH_ENTRIES = 256;
    static final int BATCH_BYTES = 256 * 1024;
    private static final int PUMP_BATCHES_PER_TURN = 8;
    private static final int MAX_RANGE_REPLY = 1000;

    private final Store store;
    private final ReplicationActor actor;
    private final PeerSessions sessions;
    private final InboundGate gate;
    /** Answers chunk requests. */
    private final HistoryProtocol history;

    private final NodeMeter meter;

    EntryPump(
            Store store,
            ReplicationActor actor,
            PeerSessions sessions,
            InboundGate gate,
            HistoryProtocol history,
            NodeMeter meter) {
        this.store = store;
        this.meter = meter;
        this.actor = actor;
        this.sessions = sessions;
        this.gate = gate;
        this.history = history;
    }

    /** Schedules a turn for {@code s} if it has work and none is scheduled. */
    void schedule(PeerSession s) {
        if (s.claimPump()) {
            actor.run(() -> pump(s));
        }
    }

    /**
     * Answers the peer's pending requests, then sends a few batches of pending entries, while the
     * link is writable; then yields the thread.
     */
    private void pump(PeerSession s) {
        s.pumpStarted();
        if (!s.link().isOpen() || sessions.of(s.link()) != s) {
            return;
        }
        int batches = 0;
        InboundBudget budget = gate.budget(s.link());
        while (s.hasRequests() && s.link().isWritable() && batches < PUMP_BATCHES_PER_TURN) {
            Message r = s.nextRequest();
            try {
                if (r instanceof RangeRequest range) {
                    answer(s, range);
                } else {
                    history.serve(s, (Message.ChunkRequest) r);
                }
            } finally {
                if (budget != null) {
                    budget.answered();
                }
            }
            batches++;
        }
        while (s.hasPendingFeeds() && s.link().isWritable() && batches < PUMP_BATCHES_PER_TURN) {
            FeedId f = s.nextPendingFeed();
            long from = s.streamedUpTo(f) + 1;
            List<Entry> page = store.range(f, from, Long.MAX_VALUE, BATCH_ENTRIES);
            List<Entry> batch = new ArrayList<>(page.size());
            int bytes = 0;
            for (Entry e : page) {
                if (!batch.isEmpty() && bytes + e.encodedLength() > BATCH_BYTES) {
                    break;
                }
                batch.add(e);
                bytes += e.encodedLength();
            }
            if (batch.isEmpty()) {
                continue;
            }
            s.link().send(new Entries(batch));
            meter.sent(batch.size());
            long last = batch.get(batch.size() - 1).seq();
            s.streamed(f, last, batch.size());
            if (last < store.latestSeq(f)) {
                s.sendLater(f); // to the back: round-robin between feeds
            }
            batches++;
        }
        if (s.hasWork() && s.link().isWritable()) {
            schedule(s);
        }
    }

    /** A range request: at most {@link #MAX_RANGE_REPLY} entries from its first seq. */
    private void answer(PeerSession s, RangeRequest r) {
        long to = Math.min(r.toSeq(), r.fromSeq() + MAX_RANGE_REPLY - 1);
        List<Entry> entries = store.range(r.feed(), r.fromSeq(), to, MAX_RANGE_REPLY);
        if (!entries.isEmpty()) {
            s.link().send(new Entries(entries));
            s.countSent(entries.size());
            meter.sent(entries.size());
        }
    }
}
