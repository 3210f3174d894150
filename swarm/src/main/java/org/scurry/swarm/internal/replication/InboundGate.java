package org.scurry.swarm.internal.replication;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.Message.RangeRequest;
import org.scurry.swarm.wire.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a peer's messages (other than entries and chunks) wait for the replication thread, within
 * the link's {@link InboundBudget}: a peer that sends more range and chunk requests than it may
 * without reading the answers is dropped and banned. Called on the network threads.
 */
final class InboundGate {
    private static final Logger LOG = LoggerFactory.getLogger(InboundGate.class);

    private final LinkLimits limits;
    private final ReplicationActor actor;
    private final PeerScores scores;
    /** Per open link, from its first message on (network threads and the replication thread). */
    private final Map<PeerLink, InboundBudget> budgets = new ConcurrentHashMap<>();

    private final AtomicLong requestFloods = new AtomicLong();

    InboundGate(LinkLimits limits, ReplicationActor actor, PeerScores scores) {
        this.limits = limits;
        this.actor = actor;
        this.scores = scores;
    }

    void opened(PeerLink link) {
        budgets.put(link, new InboundBudget(link, limits));
    }

    void closed(PeerLink link) {
        budgets.remove(link);
    }

    /** The link's budget, or null once it closed (the pump tells it each request answered). */
    InboundBudget budget(PeerLink link) {
        return budgets.get(link);
    }

    /**
     * Hands {@code message} to {@code handler} on the replication thread if the link's budget
     * takes it; otherwise ignores it (the link is closed) or drops the link.
     */
    void pass(PeerLink link, Message message, BiConsumer<PeerLink, Message> handler) {
        InboundBudget budget = budgets.get(link);
        if (budget == null) {
            return; // closed
        }
        long bytes = MessageCodec.encodedLength(message);
        boolean request = message instanceof RangeRequest || message instanceof Message.ChunkRequest;
        InboundBudget.Verdict verdict = budget.arrived(bytes, request);
        if (verdict == InboundBudget.Verdict.IGNORE) {
            return;
        }
        if (verdict == InboundBudget.Verdict.DROP) {
            requestFloods.incrementAndGet();
            String reason = String.format(
                    "peer sent more than %d range and chunk requests without reading the answers",
                    limits.maxPendingRequests());
            LOG.warn("dropping link {} at {}: {}", link.remoteId().shortText(), link.remoteAddress(), reason);
            link.close(reason);
            actor.run(() -> scores.ban(link.remoteId(), actor.now(), "flooding requests"));
            return;
        }
        actor.run(() -> {
            budget.handled(bytes);
            handler.accept(link, message);
        });
    }

    /** Peers dropped for sending more requests than their budget without reading the answers. */
    long requestFloods() {
        return requestFloods.get();
    }
}
