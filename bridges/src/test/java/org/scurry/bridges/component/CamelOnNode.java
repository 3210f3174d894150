package org.scurry.bridges.component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.scurry.swarm.Node;

/**
 * A started Camel context whose registry holds one {@link Node} (so the scurry component autowires
 * it), with a producer template and a list that test routes append received exchanges to.
 */
final class CamelOnNode implements AutoCloseable {
    final CamelContext context = new DefaultCamelContext();
    final List<Exchange> received = new CopyOnWriteArrayList<>();
    final ProducerTemplate template;

    CamelOnNode(Node node) {
        context.getRegistry().bind("node", node);
        context.start();
        template = context.createProducerTemplate();
    }

    /** Adds and starts a route that appends every exchange from {@code uri} to {@link #received}. */
    CamelOnNode collect(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(uri).process(received::add);
            }
        });
        return this;
    }

    ScurryConsumer consumer(String routeId) {
        return (ScurryConsumer) context.getRoute(routeId).getConsumer();
    }

    @Override
    public void close() {
        context.stop();
    }
}
