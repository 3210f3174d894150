package org.scurry.routes.xmpp;

import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;

/**
 * Which JIDs get a new entry as a chat message, and with what text: every linked account that
 * follows the entry's author, except the author itself (no echo of one's own posts), and only
 * {@code post} entries the {@link ChatDeliveryPolicy} lets through.
 */
final class UpdateFanOut {
    /** One chat message to send. */
    record Delivery(String jid, String text) {}

    private final Node node;
    private final XmppAccounts accounts;
    private final ChatDeliveryPolicy policy;

    UpdateFanOut(Node node, XmppAccounts accounts, ChatDeliveryPolicy policy) {
        this.node = node;
        this.accounts = accounts;
        this.policy = policy;
    }

    List<Delivery> deliveries(Entry entry) {
        if (!Kind.POST.equals(entry.kind())) {
            return List.of();
        }
        List<Delivery> out = new ArrayList<>();
        String text = null;
        for (XmppAccount account : accounts.linked()) {
            if (account.feed().equals(entry.author())
                    || !node.following(account.feed()).contains(entry.author())
                    || !policy.mayDeliver(entry, account)) {
                continue;
            }
            if (text == null) {
                text = UpdateText.of(node, entry);
            }
            out.add(new Delivery(account.jid(), text));
        }
        return out;
    }
}
