package org.scurry.swarm.internal.replication;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.internal.crypto.Sha256;

/**
 * A 64-bit digest of a remembered clock. Each side keeps what it last sent a peer and what it last
 * received from it; in Hello a side sends the digest of what it received, and the other compares
 * it with the digest of what it sent. Equal digests mean both remember the same clock, so only
 * changes need to be sent (DESIGN.md §5: "a clock is re-sent only for feeds that changed").
 */
final class ClockDigest {
    private ClockDigest() {}

    /** 0 for an empty clock (nothing remembered); otherwise never 0. */
    static long of(Map<FeedId, Long> clock) {
        if (clock.isEmpty()) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.allocate(clock.size() * 40);
        for (Map.Entry<FeedId, Long> e : new TreeMap<>(clock).entrySet()) {
            buf.put(e.getKey().toBytes());
            buf.putLong(e.getValue());
        }
        long d = ByteBuffer.wrap(Sha256.hash(buf.array())).getLong();
        return d == 0 ? 1 : d;
    }
}
