-- The checkout service's own tables: carts, orders, payments, idempotency keys.
-- Runs as role vitrine_checkout (owner of schema `checkout`).
--
-- `site_id`, `variant_id`, `product_id`, `customer_id` and `promotion_id` name
-- rows of other services without foreign keys (a service never references
-- another's tables): reads join the published views, and the sweeper removes
-- the rows of deleted sites.

-- A shopper's cart. Whoever holds `token` (32 random bytes, base64url) holds
-- the cart; the id never leaves the service.
CREATE TABLE checkout.carts (
    id            uuid PRIMARY KEY,                 -- UUIDv7
    site_id       uuid NOT NULL,
    token         text NOT NULL,
    -- null while the cart is empty; then the currency of its first line.
    currency      char(3),
    -- The code the shopper typed (as the merchant spelled it once found);
    -- redeemed only at checkout.
    discount_code text,
    -- The customer (shopper token) the cart and its order belong to.
    customer_id   uuid,
    -- The visitor key of A/B assignment (default: the cart token).
    experiment_key text,
    -- Set when checkout creates the order: the cart is then closed, and a
    -- second checkout answers 409 with the order's receipt.
    order_id      uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT carts_token_key UNIQUE (token),
    CONSTRAINT carts_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT carts_discount_code_length CHECK (char_length(discount_code) BETWEEN 1 AND 64)
);
CREATE INDEX carts_site_idx ON checkout.carts (site_id);
-- The idle-cart sweeper's scan.
CREATE INDEX carts_updated_idx ON checkout.carts (updated_at);

CREATE TABLE checkout.cart_lines (
    id          uuid PRIMARY KEY,                   -- UUIDv7: lines list in the order added
    cart_id     uuid NOT NULL REFERENCES checkout.carts (id) ON DELETE CASCADE,
    variant_id  uuid NOT NULL,
    quantity    integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cart_lines_quantity_range CHECK (quantity BETWEEN 1 AND 999),
    -- The same variant again adds to its line.
    CONSTRAINT cart_lines_cart_variant_key UNIQUE (cart_id, variant_id)
);

-- Order numbers count from 1001 per site: one counter row per site, taken
-- with a single INSERT ... ON CONFLICT DO UPDATE (row-locked until commit).
-- A discarded checkout (declined card) gives its number back when it is still
-- the last one, so a declined attempt leaves no gap before the next order.
CREATE TABLE checkout.order_numbers (
    site_id uuid PRIMARY KEY,
    last    integer NOT NULL,
    CONSTRAINT order_numbers_last_range CHECK (last >= 1000)
);

CREATE TABLE checkout.orders (
    id               uuid PRIMARY KEY,              -- UUIDv7
    site_id          uuid NOT NULL,
    number           integer NOT NULL,
    status           text NOT NULL,
    email            text NOT NULL,
    customer_id      uuid,
    -- {name, line1, line2?, city, postal_code, country}; null for a counter sale.
    shipping_address jsonb,
    currency         char(3) NOT NULL,
    subtotal         numeric(20,4) NOT NULL,
    -- {code, type, value, amount} as applied, or null; promotion_id to give
    -- the use back on cancel or decline.
    discount         jsonb,
    promotion_id     uuid,
    discount_total   numeric(20,4) NOT NULL DEFAULT 0,
    total            numeric(20,4) NOT NULL,
    note             text,
    tracking_number  text,
    -- The receipt's capability, as unguessable as a cart token.
    token            text NOT NULL,
    -- The cart it came from (null for a manual order).
    cart_id          uuid,
    experiment_key   text,
    cancel_reason    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    paid_at          timestamptz,
    fulfilled_at     timestamptz,
    canceled_at      timestamptz,
    CONSTRAINT orders_site_number_key UNIQUE (site_id, number),
    CONSTRAINT orders_token_key UNIQUE (token),
    -- No cart becomes two orders, whatever the races.
    CONSTRAINT orders_cart_key UNIQUE (cart_id),
    CONSTRAINT orders_number_range CHECK (number >= 1001),
    CONSTRAINT orders_status CHECK (status IN ('pending_payment', 'paid', 'fulfilled', 'canceled')),
    CONSTRAINT orders_email_length CHECK (char_length(email) BETWEEN 3 AND 254),
    CONSTRAINT orders_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT orders_amounts CHECK (subtotal >= 0 AND discount_total >= 0 AND total >= 0
                                     AND total = subtotal - discount_total),
    CONSTRAINT orders_shipping_address_object CHECK (jsonb_typeof(shipping_address) = 'object'),
    CONSTRAINT orders_discount_object CHECK (jsonb_typeof(discount) = 'object'),
    CONSTRAINT orders_note_length CHECK (char_length(note) <= 2000),
    CONSTRAINT orders_tracking_number_length CHECK (char_length(tracking_number) BETWEEN 1 AND 100),
    CONSTRAINT orders_cancel_reason_length CHECK (char_length(cancel_reason) <= 500)
);
-- The merchant's list, newest first (keyset on id), with or without a status.
CREATE INDEX orders_site_newest_idx ON checkout.orders (site_id, id DESC);
CREATE INDEX orders_site_status_idx ON checkout.orders (site_id, status, id DESC);
-- "My orders" of a shopper.
CREATE INDEX orders_customer_idx ON checkout.orders (site_id, customer_id, id DESC) WHERE customer_id IS NOT NULL;
-- The stale pending_payment sweeper's scan.
CREATE INDEX orders_pending_idx ON checkout.orders (created_at) WHERE status = 'pending_payment';

-- An order's lines, frozen at checkout: later catalog changes do not touch them.
CREATE TABLE checkout.order_lines (
    order_id      uuid NOT NULL REFERENCES checkout.orders (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    variant_id    uuid NOT NULL,
    product_id    uuid NOT NULL,
    product_title text NOT NULL,
    sku           text NOT NULL,
    attributes    jsonb NOT NULL,
    unit_price    numeric(20,4) NOT NULL,
    quantity      integer NOT NULL,
    line_total    numeric(20,4) NOT NULL,
    CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, position),
    CONSTRAINT order_lines_quantity_range CHECK (quantity BETWEEN 1 AND 999),
    CONSTRAINT order_lines_amounts CHECK (unit_price >= 0 AND line_total = unit_price * quantity)
);

-- One payment per order. Only the brand and last 4 digits of a card ever
-- reach the database (or the log).
CREATE TABLE checkout.payments (
    order_id   uuid PRIMARY KEY REFERENCES checkout.orders (id) ON DELETE CASCADE,
    method     text NOT NULL,
    status     text NOT NULL,
    brand      text,
    last4      char(4),
    amount     numeric(20,4) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payments_method CHECK (method IN ('card', 'manual')),
    CONSTRAINT payments_status CHECK (status IN ('pending', 'captured', 'refunded')),
    CONSTRAINT payments_last4_digits CHECK (last4 ~ '^[0-9]{4}$'),
    CONSTRAINT payments_amount_non_negative CHECK (amount >= 0)
);

-- What happened to an order, oldest first (the merchant view's `history`).
CREATE TABLE checkout.order_history (
    id       uuid PRIMARY KEY,                      -- UUIDv7: the order of events
    order_id uuid NOT NULL REFERENCES checkout.orders (id) ON DELETE CASCADE,
    at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    status   text NOT NULL,
    note     text,
    CONSTRAINT order_history_status CHECK (status IN ('pending_payment', 'paid', 'fulfilled', 'canceled'))
);
CREATE INDEX order_history_order_idx ON checkout.order_history (order_id, id);

-- Decision 15: a checkout retried with the same Idempotency-Key answers the
-- first answer again. The row is inserted (and committed) before the work
-- starts, so a concurrent retry sees it `running` (409); `request_hash` tells
-- a retry from a different request under the same key (422). Kept 24 h.
CREATE TABLE checkout.idempotency_keys (
    site_id       uuid NOT NULL,
    cart_token    text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    -- null while the first request runs.
    status_code   integer,
    headers       jsonb,
    body          bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (site_id, cart_token, key),
    CONSTRAINT idempotency_keys_key_length CHECK (char_length(key) BETWEEN 1 AND 255),
    CONSTRAINT idempotency_keys_status_range CHECK (status_code BETWEEN 100 AND 599)
);
CREATE INDEX idempotency_keys_created_idx ON checkout.idempotency_keys (created_at);
