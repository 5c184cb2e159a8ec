-- The notifier service's schema: merchants' webhook endpoints, the deliveries
-- of events to them, and the notifier's position in checkout's event feed.
-- Runs as role vitrine_notifier (owner of schema `notifier`).
--
-- site_id names a site in builder.site_directory. It is not a foreign key:
-- the builder's tables are not ours to reference. Merchant reads join the
-- directory, so a deleted site's webhooks vanish at once; the sweeper deletes
-- them (and their deliveries) soon after.

CREATE TABLE notifier.webhooks (
    id          uuid PRIMARY KEY,             -- UUIDv7, made by the service
    site_id     uuid NOT NULL,
    url         text NOT NULL,                -- checked (scheme, public address) by the service
    -- Event types this endpoint wants, or exactly {'*'} for all of them.
    events      text[] NOT NULL,
    description text,
    enabled     boolean NOT NULL DEFAULT true,
    -- `whsec_` + base64 of 24 random bytes: the HMAC key is the decoded part.
    -- Kept in clear because signing needs it (as every Standard Webhooks sender does).
    secret      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhooks_url_length CHECK (char_length(url) BETWEEN 1 AND 2048),
    CONSTRAINT webhooks_url_scheme CHECK (url ~ '^https?://'),
    CONSTRAINT webhooks_events_count CHECK (cardinality(events) BETWEEN 1 AND 16),
    CONSTRAINT webhooks_description_length CHECK (char_length(description) <= 500),
    CONSTRAINT webhooks_secret_format CHECK (secret ~ '^whsec_[A-Za-z0-9+/]{32}$')
);

-- A site's webhooks, newest first (keyset on the UUIDv7 id); also the
-- look-up of a site's endpoints for each event of the feed.
CREATE INDEX webhooks_site_newest_idx ON notifier.webhooks (site_id, id DESC);

CREATE TABLE notifier.deliveries (
    id               uuid PRIMARY KEY,        -- UUIDv7
    webhook_id       uuid NOT NULL,
    event_id         uuid NOT NULL,           -- `webhook-id` on every attempt
    event_type       text NOT NULL,           -- order.* or `ping`
    -- The event exactly as it is sent (a ping has no row in the feed, and the
    -- feed is checkout's to keep or prune, not ours).
    payload          jsonb NOT NULL,
    -- When the event was made (the feed's created_at): the start of the
    -- commit → delivery delay.
    event_created_at timestamptz NOT NULL,
    status           text NOT NULL DEFAULT 'pending',
    attempts         integer NOT NULL DEFAULT 0,
    last_status_code integer,
    -- What went wrong last: a transport error, or the status with a short
    -- excerpt of the receiver's answer (never the whole body).
    last_error       text,
    -- When a pending delivery is due. While an attempt is in flight it is the
    -- end of that attempt's lease: a replica that dies mid-attempt leaves the
    -- delivery due again once the lease (longer than the request timeout) ends.
    next_attempt_at  timestamptz,
    -- The claim of the attempt in flight: only its holder may record the outcome.
    claim            uuid,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT deliveries_webhook_fkey FOREIGN KEY (webhook_id) REFERENCES notifier.webhooks (id) ON DELETE CASCADE,
    -- One delivery per event and endpoint, whichever replica (or retry of the
    -- feed) inserts it.
    CONSTRAINT deliveries_webhook_event_key UNIQUE (webhook_id, event_id),
    CONSTRAINT deliveries_status CHECK (status IN ('pending', 'delivered', 'failed')),
    CONSTRAINT deliveries_attempts_nonnegative CHECK (attempts >= 0),
    CONSTRAINT deliveries_pending_is_due CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL)),
    CONSTRAINT deliveries_delivered_at CHECK ((status = 'delivered') = (delivered_at IS NOT NULL)),
    CONSTRAINT deliveries_error_length CHECK (char_length(last_error) <= 1024)
);

-- The worker's claim: due pending deliveries, oldest due first.
CREATE INDEX deliveries_due_idx ON notifier.deliveries (next_attempt_at) WHERE status = 'pending';
-- A webhook's deliveries, newest first.
CREATE INDEX deliveries_webhook_newest_idx ON notifier.deliveries (webhook_id, id DESC);

-- How far the notifier has followed checkout.event_feed: the (tx, seq) of the
-- last event it turned into deliveries. One row, shared by every replica; the
-- replica that processes the feed holds its lock for the batch, so an event
-- is processed once, and the position moves in the same transaction as the
-- deliveries it made.
CREATE TABLE notifier.feed_position (
    singleton  boolean PRIMARY KEY DEFAULT true,
    tx         bigint NOT NULL,
    seq        bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT feed_position_singleton CHECK (singleton)
);

INSERT INTO notifier.feed_position (singleton, tx, seq) VALUES (true, 0, 0);
