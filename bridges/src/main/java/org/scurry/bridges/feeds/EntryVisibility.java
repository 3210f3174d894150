package org.scurry.bridges.feeds;

import org.scurry.swarm.Entry;
import org.scurry.swarm.protect.Protection;

/**
 * Decides whether an entry may appear on a public surface (a public Atom/RSS feed, a public MQTT
 * topic). DESIGN.md §7: the gateway never exposes protected content there: {@link #NOT_PROTECTED}
 * answers false for sealed entries and for their opened views (docs/protected.md).
 *
 * <p>Must be cheap, must not block and must not throw.
 */
@FunctionalInterface
public interface EntryVisibility {
    /** Every entry may be rendered: for a surface whose entries were already chosen for its reader. */
    EntryVisibility ALL_PUBLIC = entry -> true;

    /** Neither sealed nor opened: what public surfaces may show. */
    EntryVisibility NOT_PROTECTED = Protection::isPublic;

    /** True when {@code entry} may be shown to anyone. */
    boolean isPublic(Entry entry);
}
