package org.scurry.routes.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.scurry.routes.xmpp.RateLimiter.Decision;

class RateLimiterTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void theFirstMessageOverTheLimitIsRefusedOnceThenDropped() {
        RateLimiter limiter = new RateLimiter(2, clock);
        assertThat(limiter.check("a@x")).isEqualTo(Decision.ALLOW);
        assertThat(limiter.check("a@x")).isEqualTo(Decision.ALLOW);
        assertThat(limiter.check("a@x")).isEqualTo(Decision.REFUSE);
        assertThat(limiter.check("a@x")).isEqualTo(Decision.DROP);
        assertThat(limiter.check("b@x")).as("each JID has its own window").isEqualTo(Decision.ALLOW);
        assertThat(limiter.secondsUntilAllowed("a@x")).isEqualTo(60);
    }

    @Test
    void theWindowSlides() {
        RateLimiter limiter = new RateLimiter(2, clock);
        limiter.check("a@x");
        now = now.plus(Duration.ofSeconds(30));
        limiter.check("a@x");
        assertThat(limiter.check("a@x")).isEqualTo(Decision.REFUSE);
        now = now.plus(Duration.ofSeconds(31)); // the first message is now over a minute old
        assertThat(limiter.check("a@x")).isEqualTo(Decision.ALLOW);
        assertThat(limiter.check("a@x")).isEqualTo(Decision.REFUSE);
    }
}
