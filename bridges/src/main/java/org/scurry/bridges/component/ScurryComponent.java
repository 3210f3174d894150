package org.scurry.bridges.component;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.scurry.swarm.Node;

/**
 * The {@code scurry:} component: Camel endpoints on a swarm {@link Node}. It needs the node: set it,
 * or bind exactly one {@code Node} in the registry and it is autowired.
 */
@Component("scurry")
public class ScurryComponent extends DefaultComponent {

    @Metadata(autowired = true)
    private Node node;

    @Metadata
    private ScurryConfiguration configuration = new ScurryConfiguration();

    public ScurryComponent() {}

    public ScurryComponent(Node node) {
        this.node = node;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ScurryEndpoint endpoint = new ScurryEndpoint(uri, this, remaining, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public Node getNode() {
        return node;
    }

    /** The swarm node whose entries are emitted and on whose accounts entries are published. */
    public void setNode(Node node) {
        this.node = node;
    }

    public ScurryConfiguration getConfiguration() {
        return configuration;
    }

    /** Default options for every endpoint of this component. */
    public void setConfiguration(ScurryConfiguration configuration) {
        this.configuration = configuration;
    }
}
