package org.scurry.bridges.component;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;

/**
 * Publishes a post, follow or unfollow as a local account and replies with the new entry. Blocks
 * until the entry is durable. Bad input (empty or too long text, an unknown name, an account the
 * node holds no key for) throws {@link IllegalArgumentException} with the node's message.
 */
public class ScurryProducer extends DefaultProducer {

    public ScurryProducer(ScurryEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public ScurryEndpoint getEndpoint() {
        return (ScurryEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) {
        Node node = getEndpoint().requireNode();
        Message in = exchange.getIn();
        FeedId account = account(in, node);
        String body = in.getBody(String.class);
        Entry entry =
                switch (getEndpoint().getOperation()) {
                    case "post" -> node.post(account, body, replyTo(in));
                    case "follow" -> node.follow(account, node.resolve(account, body));
                    case "unfollow" -> node.unfollow(account, node.resolve(account, body));
                    default -> throw new IllegalStateException(
                            "not a producer operation: " + getEndpoint().getOperation());
                };
        Message out = exchange.getMessage();
        out.removeHeader(ScurryConstants.REPLY_TO);
        EntryHeaders.apply(out, entry, node);
    }

    private FeedId account(Message in, Node node) {
        Object header = in.getHeader(ScurryConstants.ACCOUNT);
        if (header instanceof FeedId id) {
            return id;
        }
        if (header != null && !header.toString().isBlank()) {
            return ScurryEndpoint.parseFeedOption(ScurryConstants.ACCOUNT, header.toString());
        }
        FeedId configured = ScurryEndpoint.parseFeedOption(
                "account", getEndpoint().getConfiguration().getAccount());
        return configured != null ? configured : node.id();
    }

    private static EntryId replyTo(Message in) {
        Object header = in.getHeader(ScurryConstants.REPLY_TO);
        if (header == null || header instanceof EntryId) {
            return (EntryId) header;
        }
        String text = header.toString();
        return text.isBlank() ? null : EntryId.parse(text);
    }
}
