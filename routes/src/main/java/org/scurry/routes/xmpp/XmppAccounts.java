package org.scurry.routes.xmpp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.scurry.swarm.FeedId;

/**
 * The accounts the XMPP bridge serves: which JID is linked to which hosted account. The gateway
 * implements it over its account store; {@link MemoryXmppAccounts} keeps them in memory.
 *
 * <p>Every method is thread-safe. Lookups never throw for an unknown JID or feed (they answer
 * empty) and take a bare JID; callers strip the resource and lower-case it with {@link #bare}.
 */
public interface XmppAccounts {

    /** The account linked to a bare JID. */
    Optional<XmppAccount> byJid(String bareJid);

    /** The account of a hosted feed, if it has a linked JID. */
    Optional<XmppAccount> byFeed(FeedId feed);

    /** Every account with a linked JID. */
    List<XmppAccount> linked();

    /**
     * Creates an account for a JID that wrote to the bot (the caller checked that its domain is
     * allowed) and links the JID to it; blocks until the account is stored, then returns it. The
     * account name is derived from the JID's local part. Throws IllegalStateException, with a
     * message fit to show, when no account can be made for it.
     */
    XmppAccount register(String bareJid);

    /** {@code Local@Domain/resource} → {@code local@domain}. */
    static String bare(String jid) {
        String s = jid.trim();
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
