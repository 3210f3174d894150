package org.scurry.routes.xmpp;

import java.util.List;
import java.util.Optional;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.accounts.AccountConflictException;
import org.scurry.bridges.accounts.AccountRegistry;
import org.scurry.swarm.FeedId;

/**
 * The gateway's hosted accounts (its {@link AccountRegistry}) as the XMPP bridge sees them: an
 * account is an XMPP account when a JID is linked to it ({@code ./scurry account link NAME --jid
 * JID}). Registration creates a durable account, as {@code account add} would, and links the JID.
 */
public final class RegistryXmppAccounts implements XmppAccounts {
    private static final int MAX_NAME_TRIES = 100;

    private final AccountRegistry registry;

    public RegistryXmppAccounts(AccountRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<XmppAccount> byJid(String bareJid) {
        return registry.byJid(bareJid).flatMap(RegistryXmppAccounts::toXmpp);
    }

    @Override
    public Optional<XmppAccount> byFeed(FeedId feed) {
        return registry.byFeed(feed).flatMap(RegistryXmppAccounts::toXmpp);
    }

    @Override
    public List<XmppAccount> linked() {
        return registry.list().stream()
                .map(RegistryXmppAccounts::toXmpp)
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public synchronized XmppAccount register(String bareJid) {
        Optional<XmppAccount> existing = byJid(bareJid);
        if (existing.isPresent()) {
            return existing.get();
        }
        String base = AccountNames.fromJid(bareJid);
        for (int i = 1; i <= MAX_NAME_TRIES; i++) {
            String name = i == 1 ? base : AccountNames.withSuffix(base, i);
            if (registry.byName(name).isPresent()) {
                continue;
            }
            try {
                registry.create(name);
            } catch (AccountConflictException e) {
                continue; // taken meanwhile through the API
            }
            return toXmpp(registry.linkJid(name, bareJid))
                    .orElseThrow(() -> new IllegalStateException("the JID was not linked: " + bareJid));
        }
        throw new IllegalStateException("no free account name like " + base);
    }

    private static Optional<XmppAccount> toXmpp(Account a) {
        return a.linkedJid().map(jid -> new XmppAccount(XmppAccounts.bare(jid), a.id(), a.name()));
    }
}
