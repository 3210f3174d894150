package org.scurry.bridges.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a {@code scurry:} endpoint. The component holds one as defaults; each endpoint gets
 * a {@link #copy()} with its URI's options applied.
 */
@Configurer
@UriParams
public class ScurryConfiguration implements Cloneable {

    @UriParam(label = "consumer")
    private String feed;

    @UriParam(label = "consumer")
    private String kind;

    @UriParam(label = "consumer")
    private String timelineOf;

    @UriParam(label = "consumer", defaultValue = "false")
    private boolean includeOwn;

    @UriParam(label = "consumer,advanced", defaultValue = "10000")
    private int queueSize = 10000;

    @UriParam(label = "producer")
    private String account;

    public String getFeed() {
        return feed;
    }

    /** Only emit entries of this feed (a feed id: an at sign and 43 base64url characters). */
    public void setFeed(String feed) {
        this.feed = feed;
    }

    public String getKind() {
        return kind;
    }

    /** Only emit entries of this kind, for example post or follow. */
    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getTimelineOf() {
        return timelineOf;
    }

    /**
     * Only emit entries of the feeds that this account (a feed id) follows when the entry is
     * appended: the account's timeline, as shown in its chat or on its MQTT timeline topic. The
     * account's own entries are left out unless includeOwn is true.
     */
    public void setTimelineOf(String timelineOf) {
        this.timelineOf = timelineOf;
    }

    public boolean isIncludeOwn() {
        return includeOwn;
    }

    /** With timelineOf: also emit the account's own entries. */
    public void setIncludeOwn(boolean includeOwn) {
        this.includeOwn = includeOwn;
    }

    public int getQueueSize() {
        return queueSize;
    }

    /**
     * How many appended entries may wait for the route. Entries are handed from the node's
     * replication thread to the consumer's own thread through this queue, so a slow route never
     * holds up replication. When the queue is full a new entry is not emitted: it stays in the
     * node's store, the consumer counts it, and a warning with the count and the latest entry id
     * missed is logged (at most every 10 seconds).
     */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public String getAccount() {
        return account;
    }

    /**
     * The local account (feed id) to post, follow or unfollow as: the node's own identity or one it
     * hosts. Defaults to the node's own identity. The CamelScurryAccount header overrides it
     * per message.
     */
    public void setAccount(String account) {
        this.account = account;
    }

    /** A copy for an endpoint, so its options do not change the component's defaults. */
    public ScurryConfiguration copy() {
        try {
            return (ScurryConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
