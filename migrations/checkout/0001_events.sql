-- The checkout service's event outbox (decision 13). Runs as role vitrine_checkout.
--
-- Every order change inserts its event here in the same transaction as the
-- change itself: an event exists if and only if its change committed. The
-- notifier follows the published view checkout.event_feed; there is no broker.
CREATE TABLE checkout.events (
    -- Position in the feed, in insertion order within a transaction.
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The transaction that wrote the event. Sequence numbers are taken at
    -- insert but become visible at commit, so a reader that only remembered
    -- "the last seq I saw" could skip an event of a slower transaction with a
    -- smaller seq. Readers instead order by (tx, seq) and read only events of
    -- transactions older than every transaction still running
    -- (tx < pg_snapshot_xmin(pg_current_snapshot())): those are all committed
    -- or never will be, so the order is final and nothing is skipped.
    tx         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    id         uuid NOT NULL,                -- the event id (UUIDv7): `webhook-id` on every delivery
    site_id    uuid NOT NULL,
    type       text NOT NULL,
    order_id   uuid,
    -- The whole event as delivered: {id, type, site_id, created_at, data: Order}.
    payload    jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_id_key UNIQUE (id),
    CONSTRAINT events_type CHECK (type IN ('order.created', 'order.paid', 'order.fulfilled', 'order.canceled', 'order.deleted')),
    CONSTRAINT events_payload_object CHECK (jsonb_typeof(payload) = 'object')
);

CREATE INDEX events_feed_idx ON checkout.events (tx, seq);

-- Wakes the notifier when an event commits (NOTIFY is delivered at commit,
-- and only if the transaction commits). The payload is advisory: a follower
-- reads the feed, and polls too, so a lost notification only delays.
CREATE FUNCTION checkout.events_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('checkout_events', NEW.site_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER events_notify AFTER INSERT ON checkout.events
    FOR EACH ROW EXECUTE FUNCTION checkout.events_notify();

-- Published read-only view for the notifier. `tx` is exposed as a bigint
-- (xid8 as text, then bigint) so clients need no xid8 type; compare it with
-- pg_snapshot_xmin(pg_current_snapshot())::text::bigint.
CREATE VIEW checkout.event_feed AS
    SELECT tx::text::bigint AS tx, seq, id, site_id, type, order_id, payload, created_at
    FROM checkout.events;

GRANT USAGE ON SCHEMA checkout TO vitrine_checkout_published;
GRANT SELECT ON checkout.event_feed TO vitrine_checkout_published;
