-- History servers and partial storage (docs/history.md). A client prunes the older entries of
-- other people's feeds once a history server has receipted them, so a feed may hold a suffix of
-- its chain: low_seq is the oldest seq held (1 for a whole chain). Kept in the feeds row so that
-- opening the store loads it with the heads, without a MIN(seq) scan per feed.
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS low_seq BIGINT NOT NULL DEFAULT 1;
