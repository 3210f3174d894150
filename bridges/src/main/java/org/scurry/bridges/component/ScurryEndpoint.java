package org.scurry.bridges.component;

import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.Node;

/**
 * Receive the entries a Scurry swarm node appends, and post, follow or unfollow on behalf of a
 * local account.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "scurry",
        title = "Scurry",
        syntax = "scurry:operation",
        category = {Category.SOCIAL},
        headersClass = ScurryConstants.class)
public class ScurryEndpoint extends DefaultEndpoint {
    static final String ENTRIES = "entries";
    static final Set<String> WRITES = Set.of("post", "follow", "unfollow");
    private static final Pattern CONSUMER_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    @UriPath(
            description = "What the endpoint does: entries (consumer) or post, follow, unfollow (producer).",
            enums = "entries,post,follow,unfollow")
    @Metadata(required = true)
    private final String operation;

    @UriParam
    private final ScurryConfiguration configuration;

    @UriParam(label = "advanced")
    private Node node;

    private ConsumerPosition inMemoryPosition;

    public ScurryEndpoint(String uri, ScurryComponent component, String operation, ScurryConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public ScurryComponent getComponent() {
        return (ScurryComponent) super.getComponent();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (!ENTRIES.equals(operation) && !WRITES.contains(operation)) {
            throw new IllegalArgumentException(
                    "scurry operation must be one of entries, post, follow, unfollow: " + operation);
        }
        parseFeedOption("feed", configuration.getFeed());
        parseFeedOption("timelineOf", configuration.getTimelineOf());
        parseFeedOption("account", configuration.getAccount());
        if (configuration.getKind() != null && !Kind.isValid(configuration.getKind())) {
            throw new IllegalArgumentException(
                    "kind must be 1-32 characters of a-z, 0-9 and -: " + configuration.getKind());
        }
        String id = configuration.getConsumerId();
        if (id != null && !CONSUMER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "consumerId must be 1-64 characters of a-z, A-Z, 0-9, '.', '_' and '-', not starting with '.': "
                            + id);
        }
        if (configuration.getQueueSize() < 1) {
            throw new IllegalArgumentException("queueSize must be ≥ 1: " + configuration.getQueueSize());
        }
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!ENTRIES.equals(operation)) {
            throw new IllegalArgumentException(
                    "scurry:" + operation + " is a producer; consume from scurry:entries instead");
        }
        Consumer consumer = new ScurryConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() throws Exception {
        if (!WRITES.contains(operation)) {
            throw new IllegalArgumentException(
                    "scurry:" + operation + " is a consumer; send to scurry:post, scurry:follow or scurry:unfollow");
        }
        return new ScurryProducer(this);
    }

    /**
     * Where a consumer without a consumerId keeps its position: on the endpoint, which outlives the
     * consumer when its route is stopped and started again (Camel may make a new consumer then).
     */
    synchronized ConsumerPosition inMemoryPosition() {
        if (inMemoryPosition == null) {
            inMemoryPosition = ConsumerPosition.inMemory();
        }
        return inMemoryPosition;
    }

    /** The node to use: this endpoint's, else the component's. Throws when neither has one. */
    Node requireNode() {
        Node n = node != null ? node : getComponent().getNode();
        if (n == null) {
            throw new IllegalStateException("the scurry component has no Node: set one on the component or bind"
                    + " exactly one org.scurry.swarm.Node in the registry");
        }
        return n;
    }

    static FeedId parseFeedOption(String option, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return FeedId.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    public String getOperation() {
        return operation;
    }

    public ScurryConfiguration getConfiguration() {
        return configuration;
    }

    public Node getNode() {
        return node;
    }

    /** The swarm node for this endpoint alone, instead of the component's. */
    public void setNode(Node node) {
        this.node = node;
    }
}
