package org.scurry.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.spi.Scheduler;

class VirtualTimeLoopTest {
    private final VirtualTimeLoop loop = new VirtualTimeLoop();
    private final List<String> ran = new ArrayList<>();

    @Test
    void eventsRunInTimeOrderAndInInsertionOrderAtTheSameTime() {
        loop.at(300, () -> ran.add("c@" + loop.now()));
        loop.at(100, () -> ran.add("a@" + loop.now()));
        loop.at(100, () -> ran.add("b@" + loop.now()));
        loop.at(0, () -> ran.add("first@" + loop.now()));
        loop.runUntil(1000);
        assertThat(ran).containsExactly("first@0", "a@100", "b@100", "c@300");
        assertThat(loop.now()).isEqualTo(1000);
        assertThat(loop.executed()).isEqualTo(4);
    }

    @Test
    void runUntilStopsAtTheBoundAndLeavesLaterEventsWaiting() {
        loop.at(500, () -> ran.add("early"));
        loop.at(1500, () -> ran.add("late"));
        loop.runUntil(1000);
        assertThat(ran).containsExactly("early");
        assertThat(loop.now()).isEqualTo(1000);
        assertThat(loop.pending()).isEqualTo(1);
        loop.runUntil(1500);
        assertThat(ran).containsExactly("early", "late");
    }

    @Test
    void eventsScheduledWhileRunningUseTheCurrentVirtualTime() {
        loop.at(200, () -> loop.after(50, () -> ran.add("after@" + loop.now())));
        loop.at(200, () -> loop.after(0, () -> ran.add("now@" + loop.now())));
        loop.runUntil(10_000);
        assertThat(ran).containsExactly("now@200", "after@250");
    }

    @Test
    void anEventInThePastIsRefused() {
        loop.runUntil(100);
        assertThatThrownBy(() -> loop.at(99, () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99");
    }

    @Test
    void aThrowingTaskIsCountedAndTheLoopGoesOn() {
        loop.at(10, () -> {
            throw new IllegalStateException("boom");
        });
        loop.at(20, () -> ran.add("still running"));
        loop.runUntil(100);
        assertThat(loop.failed()).isEqualTo(1);
        assertThat(loop.failures())
                .singleElement()
                .extracting(Throwable::getMessage)
                .isEqualTo("boom");
        assertThat(ran).containsExactly("still running");
    }

    @Test
    void aNodeSchedulerRunsTasksOnTheLoopInVirtualTime() {
        Scheduler s = loop.scheduler();
        loop.at(1000, () -> {
            s.schedule(() -> ran.add("tick@" + s.now()), 250);
            s.execute(() -> ran.add("exec@" + s.now()));
        });
        loop.runUntil(5000);
        assertThat(ran).containsExactly("exec@1000", "tick@1250");
    }

    @Test
    void shutdownRunsTheLastTaskOnceAndDropsThatNodesPendingTasksOnly() {
        Scheduler a = loop.scheduler();
        Scheduler b = loop.scheduler();
        a.schedule(() -> ran.add("a later"), 100);
        b.schedule(() -> ran.add("b later"), 100);
        loop.at(50, () -> a.shutdown(() -> ran.add("a last")));
        loop.at(60, () -> a.shutdown(() -> ran.add("a last again")));
        loop.runUntil(1000);
        a.execute(() -> ran.add("a after shutdown"));
        loop.runUntil(2000);
        assertThat(ran).containsExactly("a last", "b later");
    }
}
