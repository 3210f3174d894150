package org.scurry.testkit;

/** Deterministic post texts that look like prose (so compression figures are honest). */
public final class TestTexts {
    private static final String[] WORDS = {
        "the", "squirrel", "buried", "acorns", "under", "oak", "tree", "while", "swarm", "peers", "kept",
        "history", "of", "every", "feed", "today", "morning", "coffee", "train", "late", "again", "reading",
        "about", "gossip", "protocols", "and", "hash", "chains", "weather", "sunny", "rain", "tomorrow"
    };

    private TestTexts() {}

    /** About {@code length} characters of words chosen from {@code seed}. */
    public static String sentence(long seed, int length) {
        StringBuilder b = new StringBuilder(length + 16);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        while (b.length() < length) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(WORDS[(int) Math.floorMod(x, (long) WORDS.length)]);
        }
        b.setLength(length);
        return b.toString();
    }
}
