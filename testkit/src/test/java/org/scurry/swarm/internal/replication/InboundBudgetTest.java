package org.scurry.swarm.internal.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.replication.InboundBudget.Verdict;

/** The pause, resume and drop marks of one peer's inbound budget (defaults: 256 requests, 2 MiB). */
class InboundBudgetTest {
    private final List<Boolean> reading = new ArrayList<>();
    private final StubLink stub =
            new StubLink(FeedId.of(Ed25519Signer.generate().publicKey()));
    private final org.scurry.swarm.spi.PeerLink link = new org.scurry.swarm.spi.PeerLink() {
        @Override
        public FeedId remoteId() {
            return stub.remoteId();
        }

        @Override
        public String remoteAddress() {
            return stub.remoteAddress();
        }

        @Override
        public boolean outbound() {
            return false;
        }

        @Override
        public void send(org.scurry.swarm.wire.Message message) {}

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close(String reason) {}

        @Override
        public void setReading(boolean on) {
            reading.add(on);
        }
    };
    private final InboundBudget budget = new InboundBudget(link, LinkLimits.defaults());

    @Test
    void readingPausesAtHalfThePendingRequestsAndResumesAtAQuarter() {
        for (int i = 1; i < 128; i++) {
            assertThat(budget.arrived(50, true)).isEqualTo(Verdict.ACCEPT);
            budget.handled(50);
        }
        assertThat(reading).isEmpty();
        budget.arrived(50, true);
        budget.handled(50);
        assertThat(reading).containsExactly(false);
        assertThat(budget.paused()).isTrue();

        for (int i = 128; i > 65; i--) {
            budget.answered();
        }
        assertThat(reading).containsExactly(false);
        budget.answered(); // 64 left
        assertThat(reading).containsExactly(false, true);
        assertThat(budget.paused()).isFalse();
    }

    @Test
    void aPeerPastItsRequestLimitIsDroppedOnceAndTheRestIgnored() {
        for (int i = 0; i < 256; i++) {
            assertThat(budget.arrived(50, true)).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(budget.arrived(50, true)).isEqualTo(Verdict.DROP);
        assertThat(budget.arrived(50, true)).isEqualTo(Verdict.IGNORE);
        assertThat(budget.arrived(50, false)).isEqualTo(Verdict.IGNORE);
        assertThat(budget.requests()).isEqualTo(256);
    }

    @Test
    void unhandledMessagesPauseReadingPastTheBacklogUntilAQuarterIsLeft() {
        long mib = 1 << 20;
        budget.arrived(mib, false);
        budget.arrived(mib, false);
        assertThat(reading).isEmpty();
        budget.arrived(1, false); // 2 MiB + 1 waiting
        assertThat(reading).containsExactly(false);
        budget.handled(mib);
        budget.handled(mib / 2);
        assertThat(reading).containsExactly(false);
        budget.handled(1); // 512 KiB left
        assertThat(reading).containsExactly(false, true);
    }
}
