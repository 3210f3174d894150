package org.scurry.bridges.mqtt;

import java.util.Optional;
import org.scurry.swarm.FeedId;

/**
 * The MQTT topic names of DESIGN.md §9 under a configurable prefix (default {@code scurry}):
 *
 * <pre>
 * {prefix}/post/{account}       in:  a post by that account (text or {"text", "replyTo"?})
 * {prefix}/feed/{feedId}        out: each public entry of that feed, as entry JSON
 * {prefix}/timeline/{account}   out: each entry of that account's timeline, as entry JSON
 * {prefix}/error/{account}      out: why a payload on {prefix}/post/{account} was refused
 * </pre>
 *
 * Feed ids ({@code @} + base64url) and account names ({@code [a-z0-9_-]}) never contain {@code /},
 * {@code +} or {@code #}, so each is exactly one topic level. Immutable.
 *
 * @param prefix the first topic level(s), without a trailing {@code /}
 */
public record MqttTopics(String prefix) {
    public static final String DEFAULT_PREFIX = "scurry";

    public MqttTopics {
        if (prefix == null || prefix.isBlank() || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException(
                    "MQTT topic prefix must be non-empty without a leading or trailing /: " + prefix);
        }
        if (prefix.contains("+") || prefix.contains("#")) {
            throw new IllegalArgumentException("MQTT topic prefix must not contain + or #: " + prefix);
        }
    }

    public static MqttTopics defaults() {
        return new MqttTopics(DEFAULT_PREFIX);
    }

    /** The subscription that matches every account's post topic: {@code {prefix}/post/+}. */
    public String postFilter() {
        return prefix + "/post/+";
    }

    public String post(String account) {
        return prefix + "/post/" + account;
    }

    public String feed(FeedId feed) {
        return prefix + "/feed/" + feed;
    }

    public String timeline(String account) {
        return prefix + "/timeline/" + account;
    }

    public String error(String account) {
        return prefix + "/error/" + account;
    }

    /** The account named in a post topic; empty when {@code topic} is not {@code {prefix}/post/{one level}}. */
    public Optional<String> accountOfPost(String topic) {
        String head = prefix + "/post/";
        if (topic == null || !topic.startsWith(head)) {
            return Optional.empty();
        }
        String account = topic.substring(head.length());
        if (account.isEmpty() || account.contains("/")) {
            return Optional.empty();
        }
        return Optional.of(account);
    }
}
