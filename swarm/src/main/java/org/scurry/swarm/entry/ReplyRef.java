package org.scurry.swarm.entry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;

/**
 * What a reply says about the entry it answers (docs/entry-format.md, "Replies"): the parent's id
 * ({@code replyTo}) and, in posts written since threads came (issue 17), the parent's author and
 * sequence number ({@code replyAuthor}, {@code replySeq}). An entry id alone can only be looked up
 * among entries held; author and seq say which feed to ask peers for, so a parent that is not held
 * can be fetched (and checked: the fetched entry's id must be {@code replyTo}).
 *
 * @param parent the parent entry's id
 * @param author the parent's author, or null when the reply does not say (older posts)
 * @param seq the parent's sequence number, or 0 when the reply does not say
 */
public record ReplyRef(EntryId parent, FeedId author, long seq) {
    private static final JsonFactory JSON = new JsonFactory();

    /** A reference naming only the parent's id. */
    public static ReplyRef to(EntryId parent) {
        return new ReplyRef(parent, null, 0);
    }

    /** A reference naming the parent entry fully. */
    public static ReplyRef to(Entry parent) {
        return new ReplyRef(parent.id(), parent.author(), parent.seq());
    }

    /** Whether author and seq are known, so the parent can be asked of peers. */
    public boolean locatable() {
        return author != null && seq >= 1;
    }

    /**
     * The reference a {@code post} entry carries, or null for another kind, a post that answers
     * nothing, or a {@code replyTo} that is not an entry id. A {@code replyAuthor} or {@code
     * replySeq} that is malformed reads as absent (the id still stands). Never throws.
     */
    public static ReplyRef of(Entry entry) {
        if (!Kind.POST.equals(entry.kind())) {
            return null;
        }
        return entry.readContent(ReplyRef::parse);
    }

    /** {@link #of} over content bytes. */
    static ReplyRef parse(byte[] b, int offset, int length) {
        String replyTo = null;
        String author = null;
        long seq = 0;
        try (JsonParser p = JSON.createParser(b, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "replyTo" -> replyTo = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "replyAuthor" -> author = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "replySeq" -> seq =
                            t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                                    ? p.getLongValue()
                                    : 0;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (replyTo == null) {
            return null;
        }
        EntryId parent;
        try {
            parent = EntryId.parse(replyTo);
        } catch (IllegalArgumentException e) {
            return null;
        }
        FeedId parentAuthor = null;
        if (author != null) {
            try {
                parentAuthor = FeedId.parse(author);
            } catch (IllegalArgumentException e) {
                parentAuthor = null;
            }
        }
        if (parentAuthor == null || seq < 1) {
            return new ReplyRef(parent, null, 0);
        }
        return new ReplyRef(parent, parentAuthor, seq);
    }
}
