-- Follow edges derived from follow/unfollow entries (latest wins: unfollow deletes the row).
CREATE TABLE IF NOT EXISTS follows (
    follower_no INT NOT NULL,
    followee_no INT NOT NULL,
    PRIMARY KEY (follower_no, followee_no)
);

-- What a peer said it holds (direction 1, "received") or what we told it (0, "sent"); replaced
-- wholesale per (peer, direction) by Store#savePeerClock.
CREATE TABLE IF NOT EXISTS peer_clocks (
    peer_no   INT NOT NULL,
    direction TINYINT NOT NULL,
    feed_no   INT NOT NULL,
    seq       BIGINT NOT NULL,
    PRIMARY KEY (peer_no, direction, feed_no)
);
