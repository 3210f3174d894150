-- Feeds and their entries. See docs/storage.md for why each column and index exists.
-- Statements are idempotent (IF NOT EXISTS): H2 commits DDL on its own, so a crash in the middle
-- of a migration leaves some tables made and no schema_version row; the next open runs it again.

-- One row per feed we know of: feeds we hold entries of, and feeds only named by a follow or a
-- peer clock (head_seq 0). feed_no is the compact number every other table uses instead of the
-- 32-byte key. head_* duplicate the newest entry so that opening the store loads every head with
-- one scan of this small table.
CREATE TABLE IF NOT EXISTS feeds (
    feed_no    INT PRIMARY KEY,
    author_key BINARY(32) NOT NULL,
    head_seq   BIGINT NOT NULL DEFAULT 0,
    head_id    BINARY(32),
    name       VARCHAR,
    name_key   VARCHAR
);
CREATE UNIQUE INDEX IF NOT EXISTS feeds_by_key ON feeds (author_key);
CREATE INDEX IF NOT EXISTS feeds_by_name ON feeds (name_key);

-- The entries. arrival (a store-wide counter) is the single BIGINT primary key, so H2 uses it as
-- the row key and keeps no separate primary-key index. body is the exact encoding (signature
-- included); seq, ts and id_prefix are copied out of it for the indexes.
CREATE TABLE IF NOT EXISTS entries (
    arrival   BIGINT PRIMARY KEY,
    feed_no   INT NOT NULL,
    seq       BIGINT NOT NULL,
    ts        BIGINT NOT NULL,
    id_prefix BIGINT NOT NULL,
    body      VARBINARY(20000) NOT NULL
);
-- get(feed, seq), range, feedPage; also enforces one entry per (feed, seq).
CREATE UNIQUE INDEX IF NOT EXISTS entries_by_seq ON entries (feed_no, seq);
-- timeline: per followed feed, newest first by (ts, arrival), a range scan read backwards.
CREATE INDEX IF NOT EXISTS entries_by_time ON entries (feed_no, ts, arrival);
-- get(EntryId): 8 bytes of the 32-byte id; the full id is checked on the decoded body.
CREATE INDEX IF NOT EXISTS entries_by_id ON entries (id_prefix);

-- The first fork seen per feed: both encodings, the kept one first.
CREATE TABLE IF NOT EXISTS fork_proofs (
    feed_no  INT PRIMARY KEY,
    seq      BIGINT NOT NULL,
    kept     VARBINARY(20000) NOT NULL,
    rejected VARBINARY(20000) NOT NULL
);
