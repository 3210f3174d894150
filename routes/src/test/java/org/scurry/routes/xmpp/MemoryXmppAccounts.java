package org.scurry.routes.xmpp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * Accounts kept in memory, their keys hosted on a node: for tests. Registered accounts and their keys
 * are gone when the process ends; the gateway uses {@link RegistryXmppAccounts} over its account store.
 */
public final class MemoryXmppAccounts implements XmppAccounts {
    private final Node node;
    private final Map<String, XmppAccount> byJid = new ConcurrentHashMap<>();
    private final Map<FeedId, XmppAccount> byFeed = new ConcurrentHashMap<>();

    public MemoryXmppAccounts(Node node) {
        this.node = node;
    }

    /**
     * Creates an account named {@code name} with a fresh key hosted on the node, publishes its
     * profile (the name as display name) and links {@code jid} to it.
     */
    public synchronized XmppAccount add(String name, String jid) {
        String bare = XmppAccounts.bare(jid);
        if (byJid.containsKey(bare)) {
            throw new IllegalStateException("JID already linked: " + bare);
        }
        Ed25519Signer key = Ed25519Signer.generate();
        node.host(key);
        FeedId feed = FeedId.of(key.publicKey());
        node.setProfile(feed, name, null);
        XmppAccount account = new XmppAccount(bare, feed, name);
        byJid.put(bare, account);
        byFeed.put(feed, account);
        return account;
    }

    @Override
    public Optional<XmppAccount> byJid(String bareJid) {
        return Optional.ofNullable(byJid.get(bareJid));
    }

    @Override
    public Optional<XmppAccount> byFeed(FeedId feed) {
        return Optional.ofNullable(byFeed.get(feed));
    }

    @Override
    public List<XmppAccount> linked() {
        return new ArrayList<>(byJid.values());
    }

    @Override
    public synchronized XmppAccount register(String bareJid) {
        XmppAccount existing = byJid.get(bareJid);
        if (existing != null) {
            return existing;
        }
        String base = AccountNames.fromJid(bareJid);
        String name = base;
        for (int i = 2; nameTaken(name); i++) {
            name = AccountNames.withSuffix(base, i);
        }
        return add(name, bareJid);
    }

    private boolean nameTaken(String name) {
        return byJid.values().stream().anyMatch(a -> a.name().equals(name));
    }
}
