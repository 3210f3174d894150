package org.scurry.routes.xmpp;

import java.util.Objects;
import org.scurry.swarm.FeedId;

/**
 * A hosted account as the XMPP bridge sees it.
 *
 * @param jid the linked bare JID, lower case ({@code local@domain})
 * @param feed the account's feed, whose key the gateway's node holds
 * @param name the account name
 */
public record XmppAccount(String jid, FeedId feed, String name) {
    public XmppAccount {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(name, "name");
    }
}
