-- The customer service's schema: shopper accounts, one set per site.
-- Runs as role vitrine_customer (owner of schema `customer`).
--
-- `site_id` names a row of builder.site_directory without a foreign key (a
-- service never references another's tables); reads join the directory, so a
-- deleted site's accounts vanish at once and a sweeper removes them later.
CREATE TABLE customer.customers (
    id              uuid PRIMARY KEY,             -- UUIDv7, made by the service
    site_id         uuid NOT NULL,
    email           text NOT NULL,                -- as the shopper typed it (trimmed)
    name            text,
    password_hash   text NOT NULL,                -- argon2id PHC string
    -- {name, line1, line2?, city, postal_code, country}: the checkout form's
    -- shipping address, offered again at the next checkout.
    default_address jsonb,
    -- Tokens issued before this instant are refused (logout everywhere,
    -- deletion): the revocation a stateless token needs. Token `iat` claims
    -- are whole seconds, so the service only ever stores whole seconds here,
    -- rounded up from the moment of revocation: a token is valid when
    -- to_timestamp(iat) >= tokens_valid_after, and tokens issued after a
    -- revocation get an `iat` of at least this instant.
    tokens_valid_after timestamptz NOT NULL DEFAULT '-infinity',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_email_length CHECK (char_length(email) BETWEEN 3 AND 254),
    CONSTRAINT customers_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    CONSTRAINT customers_default_address_object CHECK (jsonb_typeof(default_address) = 'object')
);

-- One account per e-mail and site, without regard to case; the same e-mail
-- may hold accounts on two sites.
CREATE UNIQUE INDEX customers_site_email_key ON customer.customers (site_id, lower(email));
-- The merchant's list, newest first (keyset on id).
CREATE INDEX customers_site_newest_idx ON customer.customers (site_id, id DESC);

-- Published read-only view for checkout (decision 2): who a shopper token's
-- `sub` is (the e-mail an order defaults to), only on live sites. A deleted
-- account leaves it at once. `tokens_valid_after` lets a reader refuse a
-- token revoked by a logout: valid when to_timestamp(iat) >= tokens_valid_after.
CREATE VIEW customer.customer_directory AS
    SELECT c.id, c.site_id, c.email, c.name, c.default_address, c.tokens_valid_after
    FROM customer.customers c
    JOIN builder.site_directory d ON d.id = c.site_id;

GRANT USAGE ON SCHEMA customer TO vitrine_customer_published;
GRANT SELECT ON customer.customer_directory TO vitrine_customer_published;
