-- Rebuilds entries with the row key k = feed_no << 32 | seq instead of the arrival counter.
-- Why: H2 checked the unique secondary index (feed_no, seq) with a search on every insert, and the
-- random id_prefix index dirtied a different leaf page per entry; together they cost about 60 % of
-- the append throughput (docs/storage.md, "Keyed by feed and seq"). With k as the row key,
-- get(feed, seq), range and feedPage are row-key lookups and range scans, uniqueness of
-- (feed, seq) is the primary key itself, and the only secondary index left is the timeline's.
--
-- H2 commits DDL on its own, so every step below can be interrupted by a crash. The order makes a
-- re-run from any point finish the job: the old table is renamed away first (a re-run after the
-- final rename renames the new table and rebuilds it from itself: it has the same columns), the
-- copy is a MERGE on the key (copying twice is harmless), and an empty entries_v3 is created when
-- a crash came after it was dropped.
ALTER TABLE IF EXISTS entries RENAME TO entries_v3;
CREATE TABLE IF NOT EXISTS entries_v3 (
    arrival   BIGINT PRIMARY KEY,
    feed_no   INT NOT NULL,
    seq       BIGINT NOT NULL,
    ts        BIGINT NOT NULL,
    id_prefix BIGINT NOT NULL,
    body      VARBINARY(20000) NOT NULL
);
-- k: feed_no in the high 32 bits, seq (1 .. 2^32 - 1) in the low 32. arrival stays: the
-- timeline's tie-breaker between entries with equal timestamps. id_prefix stays without an index:
-- get(EntryId) scans it (no hot path looks entries up by id; see docs/storage.md).
CREATE TABLE IF NOT EXISTS entries_v4 (
    k         BIGINT PRIMARY KEY,
    arrival   BIGINT NOT NULL,
    feed_no   INT NOT NULL,
    seq       BIGINT NOT NULL,
    ts        BIGINT NOT NULL,
    id_prefix BIGINT NOT NULL,
    body      VARBINARY(20000) NOT NULL
);
MERGE INTO entries_v4 (k, arrival, feed_no, seq, ts, id_prefix, body) KEY (k)
    SELECT CAST(feed_no AS BIGINT) * 4294967296 + seq, arrival, feed_no, seq, ts, id_prefix, body
    FROM entries_v3;
DROP TABLE entries_v3;
ALTER TABLE entries_v4 RENAME TO entries;
-- timeline: per followed feed, newest first; see V3 for why the index is declared descending.
CREATE INDEX IF NOT EXISTS entries_by_feed_time ON entries (feed_no, ts DESC, arrival DESC);

-- Store-wide counters that would otherwise need a scan at open (the last arrival number: with
-- arrival no longer the key, MAX(arrival) reads every row).
CREATE TABLE IF NOT EXISTS store_state (
    name  VARCHAR PRIMARY KEY,
    amount BIGINT NOT NULL
);
MERGE INTO store_state (name, amount) KEY (name)
    SELECT 'last_arrival', COALESCE(MAX(arrival), 0) FROM entries;
