package org.scurry.routes.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scurry.swarm.FeedId;
import org.scurry.testkit.TestFeed;

class MemoryTimelineTokensTest {
    private final FeedId ada = TestFeed.create().id();
    private final MemoryTimelineTokens tokens = new MemoryTimelineTokens().put("ada", "s3cret", ada);

    @Test
    void theRightTokenResolvesToTheAccountsFeed() {
        assertThat(tokens.resolve("ada", "s3cret")).contains(ada);
    }

    @Test
    void wrongMissingOrForeignTokensResolveToNothing() {
        assertThat(tokens.resolve("ada", "s3cre")).isEmpty();
        assertThat(tokens.resolve("ada", "s3cretx")).isEmpty();
        assertThat(tokens.resolve("ada", "")).isEmpty();
        assertThat(tokens.resolve("ada", null)).isEmpty();
        assertThat(tokens.resolve("bob", "s3cret")).isEmpty();
        assertThat(tokens.resolve(null, "s3cret")).isEmpty();
    }

    @Test
    void aRemovedAccountOrReplacedTokenStopsWorking() {
        tokens.put("ada", "new", ada);
        assertThat(tokens.resolve("ada", "s3cret")).isEmpty();
        assertThat(tokens.resolve("ada", "new")).contains(ada);
        tokens.remove("ada");
        assertThat(tokens.resolve("ada", "new")).isEmpty();
    }

    @Test
    void emptyTokensAreRefusedAndToStringHidesSecrets() {
        assertThatThrownBy(() -> tokens.put("bob", " ", ada)).hasMessageContaining("bob");
        assertThat(tokens.toString()).doesNotContain("s3cret");
    }
}
