-- Threads and profiles (issue 17), as H2's V7 (docs/storage.md): replies keyed by the parent's id
-- prefix, each with its own id prefix; posts stored and the latest profile entry's seq per feed;
-- followers by followee. Existing entries are indexed by the Java step that follows this script
-- (SocialBackfill), in the same transaction.
ALTER TABLE feeds ADD COLUMN posts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN profile_seq BIGINT;
CREATE TABLE replies (
    parent_prefix BIGINT NOT NULL,
    k             BIGINT NOT NULL,
    id_prefix     BIGINT NOT NULL,
    PRIMARY KEY (parent_prefix, k)
);
CREATE INDEX replies_by_id ON replies (id_prefix);
CREATE INDEX follows_by_followee ON follows (followee_no);
