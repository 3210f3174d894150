package org.scurry.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FollowGraphTest {

    @Test
    void theSameSeedGivesTheSameGraphAndAnotherSeedAnother() {
        FollowGraph a = FollowGraph.powerLaw(2000, 3, 300, 42);
        FollowGraph b = FollowGraph.powerLaw(2000, 3, 300, 42);
        FollowGraph c = FollowGraph.powerLaw(2000, 3, 300, 43);
        boolean allSame = true;
        boolean anyDifferent = false;
        for (int i = 0; i < 2000; i++) {
            allSame &= Arrays.equals(a.follows(i), b.follows(i));
            anyDifferent |= !Arrays.equals(a.follows(i), c.follows(i));
        }
        assertThat(allSame).isTrue();
        assertThat(anyDifferent).isTrue();
    }

    @Test
    void followsAreDistinctNeverSelfAndMatchTheFollowerLists() {
        FollowGraph g = FollowGraph.powerLaw(3000, 3, 300, 7);
        long followerEntries = 0;
        for (int i = 0; i < g.size(); i++) {
            Set<Integer> seen = new HashSet<>();
            for (int t : g.follows(i)) {
                assertThat(t).isNotEqualTo(i).isBetween(0, g.size() - 1);
                assertThat(seen.add(t)).as("node %d follows %d twice", i, t).isTrue();
                assertThat(g.followers(t)).contains(i);
            }
            assertThat(g.follows(i).length).isLessThanOrEqualTo(300);
            followerEntries += g.followers(i).length;
        }
        assertThat(followerEntries).isEqualTo(g.edges());
    }

    @Test
    void followerCountsHaveAHeavyTail() {
        int n = 10_000;
        FollowGraph g = FollowGraph.powerLaw(n, 3, 300, 1);
        double mean = (double) g.edges() / n;
        int[] histogram = g.followerHistogram();
        long atLeastTenTimesMean = 0;
        for (int k = (int) Math.ceil(10 * mean); k < histogram.length; k++) {
            atLeastTenTimesMean += histogram[k];
        }
        // A Poisson-like graph with this mean has no node at 10 × the mean; a power law has a few
        // dozen, and hubs with hundreds of times the mean.
        assertThat(mean).isBetween(6.0, 30.0);
        assertThat(atLeastTenTimesMean).isBetween(10L, (long) (0.05 * n));
        assertThat(g.maxFollowers()).isGreaterThan((int) (50 * mean));
        // Most accounts have few followers: the median is below the mean.
        int below = 0;
        for (int k = 0; k < mean && k < histogram.length; k++) {
            below += histogram[k];
        }
        assertThat(below).isGreaterThan(n / 2);
    }

    @Test
    void wantedFeedsAreSelfFollowedAndFollowedByFollowedWithinHops() {
        FollowGraph g = FollowGraph.powerLaw(500, 3, 50, 3);
        int node = 0;
        while (g.follows(node).length == 0) {
            node++;
        }
        Set<Integer> expected = new HashSet<>(Set.of(node));
        for (int f : g.follows(node)) {
            expected.add(f);
            for (int ff : g.follows(f)) {
                expected.add(ff);
            }
        }
        int[] wanted = g.wanted(node, 2);
        assertThat(Arrays.stream(wanted).boxed().toList()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(g.wanted(node, 0)).containsExactly(node);
    }

    @Test
    void badSizesAreRefusedWithTheValues() {
        assertThatThrownBy(() -> FollowGraph.powerLaw(1, 3, 300, 1)).hasMessageContaining("1, 3, 300");
        assertThatThrownBy(() -> FollowGraph.powerLaw(100, 5, 4, 1)).hasMessageContaining("5, 4");
    }
}
