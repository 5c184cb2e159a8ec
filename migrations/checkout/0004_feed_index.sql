-- The feed is read through checkout.event_feed, which exposes `tx` as a bigint
-- (`tx::text::bigint`). The index of 0001 is on the xid8 column itself, which
-- a condition on the converted value cannot use: every poll of the notifier
-- read the whole outbox, a cost growing with every order ever placed. An index
-- on the very expression the view exposes makes a poll an index range scan
-- from the follower's position (the plan is checked by a test).
DROP INDEX checkout.events_feed_idx;
CREATE INDEX events_feed_idx ON checkout.events ((tx::text::bigint), seq);

-- Old events are pruned by the checkout sweeper (see sweep.rs), by age.
CREATE INDEX events_created_idx ON checkout.events (created_at);
