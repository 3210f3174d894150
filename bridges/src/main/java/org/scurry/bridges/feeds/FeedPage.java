package org.scurry.bridges.feeds;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;

/**
 * One page of a feed or timeline to render: what the document is about, its links, and the entries
 * on the page (newest first, as the node returns them, every kind included: the translator picks the
 * posts and applies deletes).
 *
 * @param id the document's stable URI ({@code urn:scurry:feed:@…} for a feed)
 * @param title the document title, e.g. {@code "ada on Scurry"}
 * @param owner the feed whose page this is (the document's author); null for a timeline
 * @param links the absolute URLs of this page, the newest page and the next older page
 * @param updated when the page last changed (its newest entry's timestamp)
 * @param entries the page's entries, newest first
 */
public record FeedPage(String id, String title, FeedId owner, Links links, Instant updated, List<Entry> entries) {

    public FeedPage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(updated, "updated");
        entries = List.copyOf(entries);
    }

    /** The stable URI of a feed document: {@code urn:scurry:feed:@base64url}. */
    public static String feedUri(FeedId feed) {
        return "urn:scurry:feed:" + feed;
    }

    /**
     * The absolute URLs of a page (RFC 5005 paging).
     *
     * @param self this page, as requested
     * @param first the newest page (the subscription document); also served as {@code current}
     * @param next the page of older entries; null on the last page
     * @param alternate the same page in the other format; null for none
     */
    public record Links(String self, String first, String next, String alternate) {
        public Links {
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(first, "first");
        }

        /** True when this page is not the newest one. */
        public boolean isOlderPage() {
            return !self.equals(first);
        }
    }
}
