-- The media service's schema: the images of a site's products.
-- Runs as role vitrine_media (owner of schema `media`).
--
-- site_id and product_id name a row of the site service's published view
-- site.product_directory (which itself joins builder.site_directory). They
-- carry no foreign key: another service's tables are not ours to reference.
-- Reads join the view, so the media of a deleted product or site vanish at
-- once; the service's sweeper deletes the rows soon after.

CREATE TABLE media.media (
    id         uuid PRIMARY KEY,              -- UUIDv7, made by the service
    site_id    uuid NOT NULL,
    product_id uuid NOT NULL,
    url        text NOT NULL,
    alt        text,                          -- null: no text alternative given
    sort_order integer NOT NULL,              -- ascending; ties broken by id
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- The service validates these first; the constraints keep the table right
    -- whatever writes to it.
    CONSTRAINT media_url_format CHECK (url ~* '^https?://[^\s/?#]+' AND char_length(url) <= 2048),
    CONSTRAINT media_alt_length CHECK (char_length(alt) <= 500),
    CONSTRAINT media_sort_order_nonnegative CHECK (sort_order >= 0)
);

-- A product's media in order: the merchant and public lists (keyset by
-- (sort_order, id)), the cover view below, and "append after the last".
CREATE INDEX media_product_order_idx ON media.media (product_id, sort_order, id);

-- Published read-only view for the site service: each product's first image
-- (by sort_order, then id), for the storefront pages. Written as an anti-join
-- rather than DISTINCT ON so that it stays a simple view: a LEFT JOIN from a
-- page of products pushes `product_id = …` down into it and reads a few index
-- entries per product, whatever the size of the catalog.
CREATE VIEW media.product_cover AS
    SELECT m.product_id, m.url, m.alt
    FROM media.media m
    WHERE NOT EXISTS (
        SELECT 1 FROM media.media f
        WHERE f.product_id = m.product_id
          AND (f.sort_order, f.id) < (m.sort_order, m.id)
    );

GRANT USAGE ON SCHEMA media TO vitrine_media_published;
GRANT SELECT ON media.product_cover TO vitrine_media_published;
