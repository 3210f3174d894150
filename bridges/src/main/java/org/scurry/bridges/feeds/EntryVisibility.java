package org.scurry.bridges.feeds;

import org.scurry.swarm.Entry;

/**
 * Decides whether an entry may appear on a public surface (a public Atom/RSS feed, a public MQTT
 * topic). DESIGN.md §7: the gateway never exposes protected content there. Protected feeds do not
 * exist yet, so {@link #ALL_PUBLIC} is the default; when they land, pass a visibility that answers
 * false for encrypted entries and every public surface drops them without further change.
 *
 * <p>Must be cheap, must not block and must not throw.
 */
@FunctionalInterface
public interface EntryVisibility {
    /** Every entry is public (true until protected feeds exist). */
    EntryVisibility ALL_PUBLIC = entry -> true;

    /** True when {@code entry} may be shown to anyone. */
    boolean isPublic(Entry entry);
}
