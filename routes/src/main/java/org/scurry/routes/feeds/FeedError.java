package org.scurry.routes.feeds;

/** A feed request that cannot be answered with a document: the HTTP status and what was wrong. */
final class FeedError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    FeedError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
