package org.scurry.swarm.spi;

/** Counts for status output: feeds held, entries held, and bytes the store occupies on disk. */
public record StoreStats(long feeds, long entries, long diskBytes) {}
