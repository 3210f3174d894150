-- Threads and profiles (issue 17; docs/storage.md). replies: one row per post that answers another
-- (its content's replyTo), keyed by the parent's id prefix, so a thread is assembled by index
-- lookups instead of a scan; id_prefix is the reply's own id prefix, so a reply is found by id
-- without scanning entries (entries.id_prefix has no index, see H2Store.get). feeds.posts counts
-- the post entries stored of a feed; feeds.profile_seq is the seq of its latest profile entry.
-- Existing entries are indexed by the Java step that follows this script (SocialBackfill); the
-- script is re-runnable (H2 commits DDL on its own).
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS posts BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS profile_seq BIGINT;
CREATE TABLE IF NOT EXISTS replies (
    parent_prefix BIGINT NOT NULL,
    k             BIGINT NOT NULL,
    id_prefix     BIGINT NOT NULL,
    PRIMARY KEY (parent_prefix, k)
);
CREATE INDEX IF NOT EXISTS replies_by_id ON replies (id_prefix);
-- followers known of a feed: the follows table is keyed by follower first
CREATE INDEX IF NOT EXISTS follows_by_followee ON follows (followee_no);
