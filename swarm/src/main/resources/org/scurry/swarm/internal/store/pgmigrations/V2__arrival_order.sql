-- Reading entries in the order the store took them (Store.arrivedSince: the scurry: consumer
-- resumes from a position after a restart or when its route fell behind), as H2's V6. arrival only
-- grows, so each append adds its index row at the right edge of the tree.
CREATE INDEX IF NOT EXISTS entries_by_arrival ON entries (arrival);
