package org.scurry.routes.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.scurry.bridges.component.ScurryConstants;
import org.scurry.bridges.component.ScurryEndpoint;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.json.PostRequest;
import org.scurry.bridges.mqtt.MqttPayload;
import org.scurry.bridges.mqtt.MqttTopics;
import org.scurry.routes.metrics.BridgeMeter;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.protect.Protection;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT bridge (DESIGN.md §8, §9), two routes:
 *
 * <ul>
 *   <li>{@code mqtt-posts}: a message on {@code {prefix}/post/{account}} becomes a post by that
 *       account; a refused one (unknown account, bad payload, too long, a repeat within the
 *       de-duplication window) posts nothing and publishes {@code {"error": "…"}} on {@code
 *       {prefix}/error/{account}}.
 *   <li>{@code mqtt-entries}: every public entry the node appends from now on (its own, its
 *       accounts', replicated ones) is published as entry JSON on {@code {prefix}/feed/{author}} and
 *       on {@code {prefix}/timeline/{account}} for each account whose timeline holds it. A protected
 *       entry never goes to {@code feed/…}; it goes, opened, to the timeline topic of each such
 *       account that holds its key, and nowhere else (docs/protected.md).
 * </ul>
 *
 * Which broker the messages travel through is the {@link MqttEndpoints}' business.
 *
 * <p>Speed: a post goes through the {@code scurry:post} producer ({@link ScurryWriter#postAsync}),
 * which checks and signs it on the inbound thread and hands it to the node's group commit; with the embedded broker the route does not wait for the disk, so
 * the posts that arrive meanwhile share one write (order per account is kept: entries are chained as
 * they are signed). A post the store then fails to keep gets its error on the error topic like a
 * refused one. With an external broker the route waits ({@link MqttEndpoints#awaitDurable}). The
 * entries come from a {@code scurry:entries} consumer that keeps its position ({@code
 * consumerId=mqtt-entries}): a slow broker makes it fall behind and catch up from the store, never
 * drop an entry, and after a restart it goes on where it stopped. Author names and the accounts'
 * follows are kept in memory, so publishing an entry reads nothing more from the store.
 */
public final class MqttRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(MqttRoutes.class);
    /** Exchange property: the account a refused payload came from. */
    static final String REFUSED_ACCOUNT = "scurryMqttRefusedAccount";

    /** One route publishes, so an external broker sees one publishing client (one client id). */
    static final String PUBLISH = "direct:scurry-mqtt-publish";

    /** Entries read from the store at a time for publishing (more wait in the store, none is dropped). */
    static final int ENTRY_QUEUE = 1000;

    private final Node node;
    private final MqttAccounts accounts;
    private final MqttEndpoints endpoints;
    private final MqttTopics topics;
    private final RecentPosts recent;
    private ScurryWriter writer;
    private volatile ProducerTemplate errors;
    private volatile BridgeMeter meter = BridgeMeter.NONE;

    /** {@code dedupWindow}: how long a post is remembered to drop a repeated delivery of it. */
    public MqttRoutes(
            Node node, MqttAccounts accounts, MqttEndpoints endpoints, MqttTopics topics, Duration dedupWindow) {
        this.node = node;
        this.accounts = accounts;
        this.endpoints = endpoints;
        this.topics = topics;
        this.recent = new RecentPosts(node, dedupWindow, Clock.systemUTC());
    }

    /** Where to count messages in, out and refused (before the routes start); none by default. */
    public MqttRoutes meter(BridgeMeter meter) {
        this.meter = meter == null ? BridgeMeter.NONE : meter;
        return this;
    }

    @Override
    public void configure() throws Exception {
        writer = ScurryWriter.on(getContext(), node);
        from(endpoints.inbound())
                .routeId("mqtt-posts")
                .process(this::post)
                .filter(exchangeProperty(REFUSED_ACCOUNT).isNotNull())
                .log(LoggingLevel.DEBUG, LOG.getName(), "refused MQTT post: ${body}")
                .to(PUBLISH);

        ScurryEndpoint entries = getContext()
                .getEndpoint("scurry:entries?consumerId=mqtt-entries&queueSize=" + ENTRY_QUEUE, ScurryEndpoint.class);
        entries.setNode(node);
        from(entries)
                .routeId("mqtt-entries")
                .process(this::entryMessages)
                .split(body())
                .process(e -> {
                    OutMessage m = e.getMessage().getBody(OutMessage.class);
                    e.getMessage().setHeader(MqttEndpoints.OVERRIDE_TOPIC, m.topic());
                    e.getMessage().setBody(m.payload());
                })
                .to(PUBLISH);

        from(PUBLISH).routeId("mqtt-publish").to(endpoints.outbound());
    }

    /** The bridge's name for the {@link BridgeMeter}. */
    static final String BRIDGE = "mqtt";

    /** A message to publish. */
    record OutMessage(String topic, byte[] payload) {}

    private void post(Exchange exchange) {
        String topic = exchange.getMessage().getHeader(MqttEndpoints.TOPIC, String.class);
        String account = topics.accountOfPost(topic).orElse(null);
        if (account == null) {
            LOG.warn("ignored an MQTT message on {}: not {}", LogText.of(topic), topics.postFilter());
            exchange.getMessage().setBody(null);
            return;
        }
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        meter.in(BRIDGE);
        String refusal;
        String reason = "invalid";
        try {
            if (accounts.feedOf(account).isEmpty()) {
                reason = "unknown_account";
            }
            FeedId feed = accounts.feedOf(account)
                    .orElseThrow(() -> new IllegalArgumentException("unknown account: " + account));
            PostRequest request = MqttPayload.parse(payload);
            // "repeat": true is the device saying the same reading again on purpose: no repeat window
            CompletableFuture<Entry> entry = MqttPayload.repeat(payload)
                    ? writer.postAsync(feed, request.text(), request.replyTo())
                    : recent.postOnce(feed, request, () -> writer.postAsync(feed, request.text(), request.replyTo()));
            exchange.getMessage().setBody(null);
            if (!endpoints.awaitDurable()) {
                entry.whenComplete((e, failed) -> stored(account, e, failed));
                return;
            }
            try {
                stored(account, entry.join(), null);
                return;
            } catch (CompletionException e) {
                refusal = notStored(account, e.getCause());
                reason = "not_stored";
            }
        } catch (IllegalArgumentException e) { // bad input, refused before anything was queued
            refusal = e.getMessage();
            if (e instanceof RecentPosts.DuplicateException) {
                reason = "duplicate";
            }
            LOG.info("refused an MQTT post by {}: {}", LogText.of(account), LogText.of(refusal));
        }
        meter.refused(BRIDGE, reason);
        exchange.setProperty(REFUSED_ACCOUNT, account);
        exchange.getMessage().setHeader(MqttEndpoints.OVERRIDE_TOPIC, topics.error(account));
        exchange.getMessage().setBody(errorJson(refusal));
    }

    /** Runs when a post is durable, or failed to be; a failure goes to the error topic. */
    private void stored(String account, Entry entry, Throwable failed) {
        if (failed == null) {
            LOG.debug("MQTT post by {} became {}", account, entry.id());
            return;
        }
        meter.refused(BRIDGE, "not_stored");
        String reason = notStored(account, failed instanceof CompletionException ? failed.getCause() : failed);
        try {
            errors().sendBodyAndHeader(PUBLISH, errorJson(reason), MqttEndpoints.OVERRIDE_TOPIC, topics.error(account));
        } catch (RuntimeException e) {
            LOG.warn("could not tell {} that its post was not stored: {}", LogText.of(account), LogText.of(e));
        }
    }

    private static String notStored(String account, Throwable cause) {
        LOG.warn("an MQTT post by {} was not stored: {}", LogText.of(account), LogText.of(cause));
        return "not stored, post it again: " + cause.getMessage();
    }

    private ProducerTemplate errors() {
        ProducerTemplate p = errors;
        if (p == null) {
            synchronized (this) {
                if (errors == null) {
                    errors = getContext().createProducerTemplate();
                }
                p = errors;
            }
        }
        return p;
    }

    private static byte[] errorJson(String reason) {
        try {
            return EntryJson.MAPPER.writeValueAsBytes(
                    EntryJson.MAPPER.createObjectNode().put("error", reason));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void entryMessages(Exchange exchange) throws JsonProcessingException {
        Entry entry = exchange.getMessage().getBody(Entry.class);
        Optional<String> name =
                Optional.ofNullable(exchange.getMessage().getHeader(ScurryConstants.AUTHOR_NAME, String.class));
        List<OutMessage> out = new ArrayList<>();
        if (PublicEntries.isPublic(entry)) {
            // The consumer put the author's name in a header; entry JSON names nobody else.
            byte[] json = EntryJson.MAPPER.writeValueAsBytes(EntryJson.toJson(entry, feed -> name));
            out.add(new OutMessage(topics.feed(entry.author()), json));
            for (String account : accounts.timelinesWith(entry.author())) {
                out.add(new OutMessage(topics.timeline(account), json));
            }
        } else if (Protection.isSealed(entry)) {
            // Only to the timeline topics of accounts that hold the key, opened for each.
            for (String account : accounts.timelinesWith(entry.author())) {
                Optional<FeedId> reader = accounts.feedOf(account);
                Entry seen = reader.isEmpty() ? entry : node.read(reader.get(), entry);
                if (seen.isOpened()) {
                    out.add(new OutMessage(
                            topics.timeline(account),
                            EntryJson.MAPPER.writeValueAsBytes(EntryJson.toJson(seen, node::displayName))));
                }
            }
        }
        meter.out(BRIDGE, out.size());
        exchange.getMessage().setBody(out);
    }
}
