package org.scurry.swarm;

/**
 * What a node can count about one feed from what it holds (docs/entry-format.md, "Profiles").
 *
 * @param entries entries of the feed held here
 * @param posts {@code post} entries of the feed stored here
 * @param follows feeds it follows, as its follow entries held here say
 * @param followers feeds held here whose follow entries say they follow it
 */
public record FeedCounts(long entries, long posts, long follows, long followers) {}
