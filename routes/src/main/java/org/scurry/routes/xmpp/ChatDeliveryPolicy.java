package org.scurry.routes.xmpp;

import org.scurry.swarm.Entry;

/**
 * Decides whether an entry may be shown to an account's JID at all, on top of protection: entries
 * reach this policy already read as the receiving account (a protected post that account cannot
 * open is no post and never gets here; docs/protected.md). Unlike {@link
 * org.scurry.bridges.feeds.EntryVisibility} (public surfaces), the answer depends on who receives
 * it. Entries it refuses are dropped: not delivered as updates, not listed by {@code timeline}. Must
 * be fast and must not throw; called on the delivery thread for every candidate (entry, account)
 * pair.
 */
@FunctionalInterface
public interface ChatDeliveryPolicy {

    boolean mayDeliver(Entry entry, XmppAccount to);

    /** Every entry the account can read goes to it. */
    ChatDeliveryPolicy ALL_PUBLIC = (entry, to) -> true;
}
