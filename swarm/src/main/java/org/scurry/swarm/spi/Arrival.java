package org.scurry.swarm.spi;

import org.scurry.swarm.Entry;

/**
 * An entry and its place in the order a {@link Store} took its entries (see {@link
 * Store#arrivedSince}).
 *
 * @param position the store's arrival number of the entry: positive, larger for every entry taken
 *     later
 * @param entry the entry
 */
public record Arrival(long position, Entry entry) {}
