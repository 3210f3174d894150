-- The PostgreSQL store's schema: the same tables and keys as the H2 store after its V5
-- (docs/storage.md explains each column and index; the H2 history is not replayed here, PgStore
-- starts at this shape). PostgreSQL runs DDL inside the transaction, so a migration is applied
-- whole or not at all: no IF NOT EXISTS gymnastics.

-- One row per feed we know of: feeds we hold entries of, and feeds only named by a follow or a
-- peer clock (head_seq 0). head_* duplicate the newest entry so that open loads every head in one
-- scan; low_seq is the oldest seq held (a pruned feed holds a suffix of its chain).
CREATE TABLE feeds (
    feed_no    INT PRIMARY KEY,
    author_key BYTEA NOT NULL,
    head_seq   BIGINT NOT NULL DEFAULT 0,
    head_id    BYTEA,
    name       TEXT,
    name_key   TEXT,
    low_seq    BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX feeds_by_key ON feeds (author_key);
CREATE INDEX feeds_by_name ON feeds (name_key);

-- The entries, keyed by k = feed_no << 32 | seq (EntryKey): a feed is one key range, and
-- (feed, seq) is unique by the primary key. arrival is a store-wide counter: the timeline's
-- tie-breaker and the order entries arrived in. body is the exact encoding, signature included.
-- id_prefix has no index (get(EntryId) scans it; no hot path looks entries up by id).
CREATE TABLE entries (
    k         BIGINT PRIMARY KEY,
    arrival   BIGINT NOT NULL,
    feed_no   INT NOT NULL,
    seq       BIGINT NOT NULL,
    ts        BIGINT NOT NULL,
    id_prefix BIGINT NOT NULL,
    body      BYTEA NOT NULL
);
-- timeline: per followed feed, newest first by (ts, arrival), index rows only up to the LIMIT.
CREATE INDEX entries_by_feed_time ON entries (feed_no, ts DESC, arrival DESC);

-- The first fork seen per feed: both encodings, the kept one first.
CREATE TABLE fork_proofs (
    feed_no  INT PRIMARY KEY,
    seq      BIGINT NOT NULL,
    kept     BYTEA NOT NULL,
    rejected BYTEA NOT NULL
);

-- Follow edges derived from follow/unfollow entries (unfollow deletes the row).
CREATE TABLE follows (
    follower_no INT NOT NULL,
    followee_no INT NOT NULL,
    PRIMARY KEY (follower_no, followee_no)
);

-- What a peer said it holds (direction 1, "received") or what we told it (0, "sent"); replaced
-- wholesale per (peer, direction).
CREATE TABLE peer_clocks (
    peer_no   INT NOT NULL,
    direction SMALLINT NOT NULL,
    feed_no   INT NOT NULL,
    seq       BIGINT NOT NULL,
    PRIMARY KEY (peer_no, direction, feed_no)
);

-- Store-wide counters read at open: last_arrival (MAX(arrival) would read every row) and the
-- probe row a degraded store writes to learn that writes are taken again.
CREATE TABLE store_state (
    name   TEXT PRIMARY KEY,
    amount BIGINT NOT NULL
);
INSERT INTO store_state (name, amount) VALUES ('last_arrival', 0);
