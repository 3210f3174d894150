package org.scurry.bridges.search;

import java.util.Collection;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;

/**
 * The index's fields, and the document of one post (docs/search.md, "What is indexed"). Only the
 * entry id, author and seq are stored; the entry itself is read back from the node's store, so the index holds no
 * second copy of anyone's text and a hit whose entry is gone (pruned) is dropped.
 */
final class IndexFields {
    /** The entry id, stored: one document per entry, replaced when the entry is indexed again. */
    static final String ID = "id";

    /** The author's feed id, stored: with {@link #SEQ}, how a hit is read back from the store. */
    static final String AUTHOR = "author";
    /**
     * The entry's sequence number, stored: a store finds an entry by (feed, seq) through its
     * primary key, while a lookup by id may scan (H2Store keeps no index on ids).
     */
    static final String SEQ = "seq";

    static final String TEXT = "text";
    static final String TAG = "tag";
    static final String MENTION = "mention";
    /** {@link #PUBLIC} or {@link #PROTECTED}. */
    static final String VISIBILITY = "vis";

    static final String PUBLIC = "public";
    static final String PROTECTED = "protected";
    /** For a protected post: each local identity that could open it when it was indexed. */
    static final String READER = "reader";
    /** The author's timestamp (ms): newest first. */
    static final String TIMESTAMP = "ts";
    /** The store's arrival position: orders posts of the same millisecond, and is the cursor's tie-break. */
    static final String POSITION = "pos";

    /** Newest first: author timestamp, then arrival, both descending. */
    static final Sort NEWEST_FIRST = new Sort(
            new SortField(TIMESTAMP, SortField.Type.LONG, true), new SortField(POSITION, SortField.Type.LONG, true));

    private IndexFields() {}

    /**
     * The document of a post: {@code readers} empty for a public one; for a protected one, the local
     * identities that may read it (never empty: a protected post nobody here can read is not
     * indexed at all).
     */
    static Document document(Entry entry, long position, PostFields post, Collection<FeedId> readers) {
        Document doc = new Document();
        doc.add(new StringField(ID, entry.id().toString(), Field.Store.YES));
        doc.add(new StringField(AUTHOR, entry.author().toString(), Field.Store.YES));
        doc.add(new StoredField(SEQ, entry.seq()));
        doc.add(new TextField(TEXT, post.text(), Field.Store.NO));
        post.tags().forEach(t -> doc.add(new StringField(TAG, t, Field.Store.NO)));
        post.mentions().forEach(m -> doc.add(new StringField(MENTION, m, Field.Store.NO)));
        doc.add(new StringField(VISIBILITY, readers.isEmpty() ? PUBLIC : PROTECTED, Field.Store.NO));
        readers.forEach(r -> doc.add(new StringField(READER, r.toString(), Field.Store.NO)));
        doc.add(new NumericDocValuesField(TIMESTAMP, entry.timestamp()));
        doc.add(new NumericDocValuesField(POSITION, position));
        return doc;
    }
}
