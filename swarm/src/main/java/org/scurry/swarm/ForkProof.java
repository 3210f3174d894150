package org.scurry.swarm;

/**
 * Proof that an author forked its feed: two entries, both validly signed, with the same author and
 * sequence but different ids. {@code kept} is the one the store holds (the first it saw).
 */
public record ForkProof(Entry kept, Entry rejected) {
    public ForkProof {
        if (!kept.author().equals(rejected.author()) || kept.seq() != rejected.seq() || kept.equals(rejected)) {
            throw new IllegalArgumentException("not a fork: " + kept + " vs " + rejected);
        }
    }

    public FeedId feed() {
        return kept.author();
    }

    public long seq() {
        return kept.seq();
    }
}
