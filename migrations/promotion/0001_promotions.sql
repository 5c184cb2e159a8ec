-- The promotion service's schema: a site's discount codes.
-- Runs as role vitrine_promotion (owner of schema `promotion`).
--
-- site_id names a site in builder.site_directory. It is not a foreign key:
-- the builder's tables are not ours to reference (a service reads only the
-- published view). Reads join the view, so a deleted site's promotions
-- vanish at once; the service's sweeper deletes them soon after.

CREATE TABLE promotion.promotions (
    id         uuid PRIMARY KEY,              -- UUIDv7, made by the service
    site_id    uuid NOT NULL,
    code       text NOT NULL,                 -- as the merchant spelled it
    kind       text NOT NULL,                 -- `type` on the wire (a keyword in SQL)
    -- Exact decimal: a percentage, or an amount in the site's prices' currency.
    value      numeric(18, 4) NOT NULL,
    start_at   timestamptz,                   -- null: since always
    end_at     timestamptz,                   -- null: for ever
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- The service validates all of these first; the constraints keep the
    -- table right whatever writes to it.
    CONSTRAINT promotions_code_format CHECK (code ~ '^[A-Za-z0-9_-]{3,32}$'),
    CONSTRAINT promotions_kind CHECK (kind IN ('percentage', 'fixed_amount')),
    CONSTRAINT promotions_value_positive CHECK (value > 0),
    CONSTRAINT promotions_percentage_at_most_100 CHECK (kind <> 'percentage' OR value <= 100),
    CONSTRAINT promotions_window CHECK (end_at > start_at)
);

-- Codes are unique per site without regard to case: a shopper typing
-- "summer10" means "SUMMER10". The public look-up uses this index too.
CREATE UNIQUE INDEX promotions_site_code_key ON promotion.promotions (site_id, lower(code));

-- A site's promotions, newest first: a keyset walk down UUIDv7 ids.
CREATE INDEX promotions_site_newest_idx ON promotion.promotions (site_id, id DESC);
