package org.scurry.bridges.component;

import org.apache.camel.spi.Metadata;

/**
 * Message headers of the {@code scurry:} component. The consumer sets the entry headers on every
 * exchange; the producer reads {@link #ACCOUNT}, {@link #REPLY_TO} and {@link #FIELDS} and sets the entry headers of
 * the entry it published. Ids are in their text form ({@code @…} for feeds, {@code ~…} for entries).
 */
public final class ScurryConstants {

    @Metadata(
            label = "common",
            description = "The author's feed id: an at sign and 43 base64url characters.",
            javaType = "String")
    public static final String AUTHOR = "CamelScurryAuthor";

    @Metadata(
            label = "common",
            description = "The author's display name from their latest profile entry, if this node knows one.",
            javaType = "String")
    public static final String AUTHOR_NAME = "CamelScurryAuthorName";

    @Metadata(
            label = "common",
            description = "The entry's sequence number in its feed (1, 2, 3 ...).",
            javaType = "long")
    public static final String SEQ = "CamelScurrySeq";

    @Metadata(
            label = "common",
            description = "The entry kind: post, follow, unfollow, profile, delete, address or a newer kind.",
            javaType = "String")
    public static final String KIND = "CamelScurryKind";

    @Metadata(label = "common", description = "The entry id: a tilde and 43 base64url characters.", javaType = "String")
    public static final String ENTRY_ID = "CamelScurryEntryId";

    @Metadata(label = "common", description = "The author's timestamp, in ms since the epoch.", javaType = "long")
    public static final String TIMESTAMP = "CamelScurryTimestamp";

    @Metadata(label = "common", description = "The text of a post (absent for other kinds).", javaType = "String")
    public static final String TEXT = "CamelScurryText";

    @Metadata(
            description =
                    "Producer: the entry id a new post replies to. Consumer: the entry id a post replies to, if any.",
            javaType = "String")
    public static final String REPLY_TO = "CamelScurryReplyTo";

    @Metadata(
            label = "producer",
            description = "The local account (feed id) to act as for this message; overrides the account option.",
            javaType = "String")
    public static final String ACCOUNT = "CamelScurryAccount";

    @Metadata(
            label = "producer",
            description = "post: further fields of the post's content beside text and replyTo (a Map, or a JSON"
                    + " object as text); the feed import records each item's source this way. Such a post is"
                    + " written at once (no group commit) and refused for a protected feed.",
            javaType = "java.util.Map<String, Object>")
    public static final String FIELDS = "CamelScurryFields";

    private ScurryConstants() {}
}
