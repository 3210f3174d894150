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

    @UriParam(label = "consumer")
    private String consumerId;

    @UriParam(label = "consumer,advanced")
    private String positionDir;

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
     * How many entries the consumer reads from the node's store at a time, and so holds in memory
     * at most for its route. The consumer reads the store in the order it took entries, from a
     * position it keeps, so a route that falls behind never loses entries nor holds up
     * replication: it catches up from the store.
     */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public String getConsumerId() {
        return consumerId;
    }

    /**
     * Keep this consumer's position in the store across restarts, under this name (1 to 64 of a-z,
     * A-Z, 0-9, dot, underscore and hyphen; one name per route): after a restart it resumes after
     * the last entry it emitted (entries of the last second before a crash may be emitted again).
     * Without it, a consumer starts after the newest entry stored when it starts.
     */
    public void setConsumerId(String consumerId) {
        this.consumerId = consumerId;
    }

    public String getPositionDir() {
        return positionDir;
    }

    /**
     * Where consumers with a consumerId keep their positions (a file ID.position each, owner-only).
     * Defaults to the consumers folder in the node's data directory.
     */
    public void setPositionDir(String positionDir) {
        this.positionDir = positionDir;
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
