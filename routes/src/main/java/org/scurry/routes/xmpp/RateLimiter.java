package org.scurry.routes.xmpp;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} messages per JID in any 60-second window (a sliding window of arrival
 * times). The first message over the limit is answered, so the sender learns why; further ones in
 * the same window are dropped unanswered, so a flood does not turn the bot into a flood. Thread-safe.
 */
final class RateLimiter {
    static final long WINDOW_MS = 60_000;

    /** What to do with one message. */
    enum Decision {
        ALLOW,
        /** Over the limit: answer with {@link ChatReplies#rateLimited} and do nothing else. */
        REFUSE,
        /** Over the limit and already told: drop. */
        DROP
    }

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    int perMinute() {
        return perMinute;
    }

    Decision check(String jid) {
        long now = clock.millis();
        Window w = windows.computeIfAbsent(jid, j -> new Window());
        synchronized (w) {
            while (!w.times.isEmpty() && w.times.peekFirst() <= now - WINDOW_MS) {
                w.times.pollFirst();
            }
            if (w.times.size() < perMinute) {
                w.times.addLast(now);
                w.told = false;
                return Decision.ALLOW;
            }
            if (w.told) {
                return Decision.DROP;
            }
            w.told = true;
            return Decision.REFUSE;
        }
    }

    /** Seconds until the JID may send again. */
    long secondsUntilAllowed(String jid) {
        Window w = windows.get(jid);
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            Long oldest = w.times.peekFirst();
            return oldest == null ? 0 : Math.max(1, (oldest + WINDOW_MS - clock.millis() + 999) / 1000);
        }
    }

    private static final class Window {
        final Deque<Long> times = new ArrayDeque<>();
        boolean told;
    }
}
