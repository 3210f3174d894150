package org.scurry.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.routes.xmpp.RegistryXmppAccounts;
import org.scurry.routes.xmpp.XmppAccount;
import org.scurry.swarm.Node;
import org.scurry.testkit.TestSwarm;

/** The XMPP bridge's view of the gateway's real account store. */
class RegistryXmppAccountsTest {
    @TempDir
    Path data;

    private final TestSwarm swarm = new TestSwarm();
    private final Node node = swarm.node();

    @AfterEach
    void close() {
        swarm.close();
    }

    @Test
    void onlyAccountsWithALinkedJidAreXmppAccounts() {
        AccountStore store = AccountStore.open(data, null, AccountStore.Host.of(node), 1_000);
        store.create("alice");
        store.create("bob");
        store.linkJid("bob", "Bob@Example.org");
        RegistryXmppAccounts accounts = new RegistryXmppAccounts(store);

        assertThat(accounts.linked()).extracting(XmppAccount::name).containsExactly("bob");
        XmppAccount bob = accounts.byJid("bob@example.org").orElseThrow();
        assertThat(bob.jid()).isEqualTo("bob@example.org");
        assertThat(accounts.byFeed(bob.feed())).contains(bob);
        assertThat(accounts.byJid("alice@example.org")).isEmpty();
    }

    @Test
    void registeringAJidCreatesADurableLinkedAccountWithAFreeName() {
        AccountStore store = AccountStore.open(data, null, AccountStore.Host.of(node), 1_000);
        store.create("zed");
        RegistryXmppAccounts accounts = new RegistryXmppAccounts(store);

        XmppAccount zed = accounts.register("zed@example.org");

        assertThat(zed.name()).isEqualTo("zed-2");
        assertThat(accounts.register("zed@example.org")).isEqualTo(zed);
        AccountStore reopened = AccountStore.open(data, null, AccountStore.Host.of(swarm.node()), 1_000);
        assertThat(reopened.byJid("zed@example.org").orElseThrow().name()).isEqualTo("zed-2");
        assertThat(node.localFeeds()).contains(zed.feed());
    }
}
