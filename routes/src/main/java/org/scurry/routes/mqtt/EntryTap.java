package org.scurry.routes.mqtt;

import org.apache.camel.CamelContextAware;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.scurry.swarm.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every entry the node appends to a Camel endpoint (a bounded SEDA queue), from the moment the
 * Camel context starts until it stops. The node calls on a replication thread, which must not block:
 * when the queue is full the entry is dropped from MQTT (logged), never from the node.
 *
 * <p>To be replaced by a {@code scurry:entries} consumer once that component is in.
 */
final class EntryTap extends ServiceSupport implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(EntryTap.class);

    private final Node node;
    private final String uri;
    private org.apache.camel.CamelContext context;
    private ProducerTemplate producer;
    private AutoCloseable listener;

    EntryTap(Node node, String uri) {
        this.node = node;
        this.uri = uri;
    }

    @Override
    public void setCamelContext(org.apache.camel.CamelContext context) {
        this.context = context;
    }

    @Override
    public org.apache.camel.CamelContext getCamelContext() {
        return context;
    }

    @Override
    protected void doStart() {
        producer = context.createProducerTemplate();
        listener = node.onEntry(entry -> {
            try {
                producer.sendBody(uri, entry);
            } catch (RuntimeException e) {
                LOG.warn("entry {} not published over MQTT: {}", entry.id(), e.getMessage());
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (producer != null) {
            producer.close();
        }
    }
}
