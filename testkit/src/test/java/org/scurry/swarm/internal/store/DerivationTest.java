package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.testkit.TestFeed;

/** What a store derives from follow, unfollow and profile entries, and what it ignores. */
class DerivationTest {
    private final TestFeed author = TestFeed.create();
    private final FeedId target = TestFeed.create().id();

    private Derivation of(String kind, String json) {
        return Derivation.of(author.next(kind, json));
    }

    @Test
    void followsUnfollowsAndNames() {
        assertThat(Derivation.of(author.follow(target))).isEqualTo(new Derivation.Follow(target, true));
        assertThat(Derivation.of(author.unfollow(target))).isEqualTo(new Derivation.Follow(target, false));
        assertThat(of(Kind.PROFILE, "{\"name\":\"  Alice B \",\"bio\":\"x\"}"))
                .isEqualTo(new Derivation.Name("Alice B"));
        assertThat(Derivation.of(author.post("{\"feed\":\"" + target + "\"}"))).isNull();
    }

    @Test
    void otherFieldsAndNestedValuesAreSkippedAndTheLastOfARepeatedFieldCounts() {
        FeedId other = TestFeed.create().id();
        String json = "{\"note\":{\"feed\":\"" + other + "\",\"list\":[1,{\"a\":[]}]},\"feed\":\"" + other
                + "\",\"feed\":\"" + target + "\"}";
        assertThat(of(Kind.FOLLOW, json)).isEqualTo(new Derivation.Follow(target, true));
        assertThat(of(Kind.FOLLOW, "{\"feed\":\"" + target + "\",\"feed\":7}")).isNull();
    }

    @Test
    void malformedOrUnusableContentDerivesNothing() {
        String id = target.toString();
        assertThat(of(Kind.FOLLOW, "{\"feed\":\"" + id + "\""))
                .as("unterminated")
                .isNull();
        assertThat(of(Kind.FOLLOW, "{\"feed\":\"" + id + "\",\"x\":[1,}"))
                .as("broken after the field")
                .isNull();
        assertThat(of(Kind.FOLLOW, "[\"" + id + "\"]")).as("not an object").isNull();
        assertThat(of(Kind.FOLLOW, "\"" + id + "\"")).isNull();
        assertThat(of(Kind.FOLLOW, "{}")).isNull();
        assertThat(of(Kind.FOLLOW, "{\"feed\":42}")).isNull();
        assertThat(of(Kind.FOLLOW, "{\"feed\":{\"id\":\"" + id + "\"}}")).isNull();
        assertThat(of(Kind.FOLLOW, "{\"feed\":\"@not-a-feed\"}")).isNull();
        assertThat(of(Kind.UNFOLLOW, "{\"feed\":\"" + id.substring(0, 40) + "\"}"))
                .isNull();
        assertThat(of(Kind.PROFILE, "{\"name\":\"   \"}")).isNull();
        assertThat(of(Kind.PROFILE, "{\"name\":null}")).isNull();
    }
}
