package org.scurry.bridges.feeds;

/** The two syndication formats served, with Rome's wire-feed type and the HTTP content type. */
public enum FeedFormat {
    ATOM("atom_1.0", "application/atom+xml; charset=utf-8", "atom"),
    RSS("rss_2.0", "application/rss+xml; charset=utf-8", "rss");

    private final String romeType;
    private final String contentType;
    private final String extension;

    FeedFormat(String romeType, String contentType, String extension) {
        this.romeType = romeType;
        this.contentType = contentType;
        this.extension = extension;
    }

    /** Rome's feed type name, as {@code SyndFeed.setFeedType} takes it. */
    public String romeType() {
        return romeType;
    }

    /** The {@code Content-Type} to serve a document of this format with. */
    public String contentType() {
        return contentType;
    }

    /** The file extension in URLs, without the dot: {@code atom} or {@code rss}. */
    public String extension() {
        return extension;
    }

    /** The format whose extension is {@code ext}; empty for any other. */
    public static java.util.Optional<FeedFormat> byExtension(String ext) {
        for (FeedFormat f : values()) {
            if (f.extension.equals(ext)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
