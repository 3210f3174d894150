package org.scurry.routes.xmpp;

import org.scurry.swarm.Entry;

/**
 * Decides whether an entry may be shown to an account's JID at all; the hook where protected
 * content (DESIGN.md §7) will be kept from JIDs that are not approved followers. Unlike {@link
 * org.scurry.bridges.feeds.EntryVisibility} (public surfaces), the answer depends on who receives it. Entries it refuses
 * are dropped: not delivered as updates, not listed by {@code timeline}. Must be fast and must not
 * throw; called on the delivery thread for every candidate (entry, account) pair.
 */
@FunctionalInterface
public interface ChatDeliveryPolicy {

    boolean mayDeliver(Entry entry, XmppAccount to);

    /** Every entry goes to every follower (true until protected feeds exist). */
    ChatDeliveryPolicy ALL_PUBLIC = (entry, to) -> true;
}
