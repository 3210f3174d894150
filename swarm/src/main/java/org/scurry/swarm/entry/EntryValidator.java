package org.scurry.swarm.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import org.scurry.swarm.Entry;
import org.scurry.swarm.entry.InvalidEntryException.Reason;

/**
 * Checks one entry on its own: signature, content form, kind fields and timestamp. Chain checks
 * (seq follows the head, prev matches) need the feed's head and are done by the {@link
 * org.scurry.swarm.spi.Store} in the same transaction as the append. Thread-safe.
 *
 * <p>Post text length is a local policy applied when posting, not here: a peer with a larger limit
 * must not make our replication of its feed stop.
 */
public final class EntryValidator {
    /** How far in the future an author's timestamp may be (DESIGN.md §3). */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(10);

    private final Clock clock;

    public EntryValidator(Clock clock) {
        this.clock = clock;
    }

    public EntryValidator() {
        this(Clock.systemUTC());
    }

    /** Throws InvalidEntryException with the first problem found; returns normally when valid. */
    public void validate(Entry entry) {
        if (!EntryCodec.verifySignature(entry)) {
            throw new InvalidEntryException(
                    Reason.BAD_SIGNATURE,
                    "signature does not verify for " + entry.author().shortText() + " seq " + entry.seq());
        }
        checkTimestamp(entry);
        ContentRules.check(entry);
    }

    /** The checks that need no signature work, for entries signed locally. */
    public void checkTimestamp(Entry entry) {
        long now = clock.millis();
        if (entry.timestamp() > now + MAX_FUTURE_SKEW.toMillis()) {
            throw new InvalidEntryException(
                    Reason.FUTURE_TIMESTAMP,
                    "timestamp " + entry.timestamp() + " is more than 10 minutes ahead of " + now);
        }
    }

    /**
     * Throws InvalidEntryException(BAD_CONTENT) when the content breaks a rule of {@link
     * ContentRules}; builds nothing. For entries signed locally, whose signature needs no check.
     */
    public static void requireValidContent(Entry entry) {
        ContentRules.check(entry);
    }

    /**
     * Checks the content ({@link ContentRules}: strict UTF-8 without a byte order mark holding
     * exactly one JSON object and nothing after it, and the fields of known kinds) and returns the
     * parsed object. For callers that read fields; {@link #validate} checks without building it.
     */
    public static JsonNode checkContent(Entry entry) {
        return ContentRules.parse(entry);
    }
}
