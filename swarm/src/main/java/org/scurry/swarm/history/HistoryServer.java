package org.scurry.swarm.history;

import com.fasterxml.jackson.databind.JsonNode;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.entry.EntryValidator;

/**
 * A history server as its signed {@code history} entry announces it: its identity, where it accepts
 * peers, and the bytes it offers (the weight of its share of the rendezvous ranking).
 */
public record HistoryServer(FeedId id, String address, long capacity) {

    /**
     * Reads an announcement. Throws IllegalArgumentException naming the problem when the entry is
     * not a {@code history} entry with a string {@code address} and a positive {@code capacity}.
     * The entry's signature is the caller's to check.
     */
    public static HistoryServer of(Entry announcement) {
        if (!Kind.HISTORY.equals(announcement.kind())) {
            throw new IllegalArgumentException("not a history announcement: kind " + announcement.kind());
        }
        JsonNode n = EntryValidator.checkContent(announcement);
        long capacity = n.path("capacity").asLong(0);
        if (capacity < 1) {
            throw new IllegalArgumentException("history announcement needs a capacity ≥ 1: " + n.path("capacity"));
        }
        return new HistoryServer(announcement.author(), n.path("address").asText(), capacity);
    }
}
