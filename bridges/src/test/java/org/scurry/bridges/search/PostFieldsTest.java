package org.scurry.bridges.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.testkit.TestFeed;

class PostFieldsTest {
    @Test
    void tagsAndMentionsAreFoundInTheText() {
        FeedId bob = TestFeed.create().id();
        TestFeed alice = TestFeed.create();

        PostFields f = PostFields.of(alice.post("Rain again #Weather, ask @Carol. cc " + bob + " a#b x@y.z"))
                .orElseThrow();

        assertThat(f.tags()).containsExactly("weather");
        assertThat(f.mentions()).containsExactly("carol", bob.toString());
    }

    @Test
    void theMentionsFieldIsTaken() {
        FeedId bob = TestFeed.create().id();
        TestFeed alice = TestFeed.create();

        PostFields f = PostFields.of(alice.next("post", "{\"text\":\"hi\",\"mentions\":[\"" + bob + "\",\"junk\",7]}"))
                .orElseThrow();

        assertThat(f.mentions()).containsExactly(bob.toString());
    }

    @Test
    void otherKindsGiveNothing() {
        TestFeed alice = TestFeed.create();

        assertThat(PostFields.of(alice.profile("Alice", "bio"))).isEmpty();
        assertThat(PostFields.of(alice.follow(TestFeed.create().id()))).isEmpty();
    }
}
