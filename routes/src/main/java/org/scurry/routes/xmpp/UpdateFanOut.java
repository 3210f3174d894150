package org.scurry.routes.xmpp;

import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;
import org.scurry.swarm.protect.Protection;

/**
 * Which JIDs get a new entry as a chat message, and with what text: every linked account that
 * follows the entry's author, except the author itself (no echo of one's own posts), and only
 * {@code post} entries the {@link ChatDeliveryPolicy} lets through. A protected entry is read as each
 * receiving account: it goes, opened, only to accounts holding its epoch's key (approved followers);
 * to every other account it is no post and is not sent.
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
        boolean sealed = Protection.isSealed(entry);
        if (!Kind.POST.equals(entry.kind()) && !sealed) {
            return List.of();
        }
        List<Delivery> out = new ArrayList<>();
        String publicText = null;
        for (XmppAccount account : accounts.linked()) {
            if (account.feed().equals(entry.author())
                    || !node.following(account.feed()).contains(entry.author())) {
                continue;
            }
            // A protected post is a post only for an account holding its key; else it stays sealed.
            Entry seen = sealed ? node.read(account.feed(), entry) : entry;
            if (!Kind.POST.equals(seen.kind()) || !policy.mayDeliver(seen, account)) {
                continue;
            }
            String text;
            if (sealed) {
                text = UpdateText.of(node, seen);
            } else {
                if (publicText == null) {
                    publicText = UpdateText.of(node, entry);
                }
                text = publicText;
            }
            out.add(new Delivery(account.jid(), text));
        }
        return out;
    }
}
