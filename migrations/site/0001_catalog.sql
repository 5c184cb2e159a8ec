-- The site service's schema: each site's catalog (categories, products, variants).
-- Runs as role vitrine_site (owner of schema `site`).
--
-- Sites themselves belong to the builder: `site_id` columns name a row of
-- builder.site_directory, but carry no foreign key, because a service never
-- references another's tables (and its role cannot). Reads join the directory,
-- so a deleted site's catalog vanishes at once; a sweeper deletes the rows soon
-- after.

CREATE TABLE site.categories (
    id         uuid PRIMARY KEY,             -- UUIDv7, made by the service
    site_id    uuid NOT NULL,
    parent_id  uuid,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT categories_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    CONSTRAINT categories_not_own_parent CHECK (parent_id IS DISTINCT FROM id),
    -- The target of the composite foreign keys below: they pin a parent (or a
    -- product's category) to the same site.
    CONSTRAINT categories_site_id_id_key UNIQUE (site_id, id),
    -- A parent is in the same site; one with children cannot be deleted (NO
    -- ACTION, checked at the end of the statement, so the sweeper can still
    -- delete a whole tree in one statement).
    CONSTRAINT categories_parent_fkey FOREIGN KEY (site_id, parent_id)
        REFERENCES site.categories (site_id, id) ON DELETE NO ACTION
);

-- Children of a category (the "has children" check and tree walks), and the
-- lists of a site's categories by name, keyset-paginated by (name, id).
CREATE INDEX categories_parent_idx ON site.categories (site_id, parent_id);
CREATE INDEX categories_site_name_idx ON site.categories (site_id, name, id);

CREATE TABLE site.products (
    id          uuid NOT NULL,
    site_id     uuid NOT NULL,
    category_id uuid,
    title       text NOT NULL,
    description text,
    slug        text NOT NULL,
    -- Denormalised from the variants, in the transaction that writes them (the
    -- product row is locked first): the cheapest variant's price and the
    -- product's currency (all its variants share one). It makes "price_asc" and
    -- "price_desc" keyset-paginable by (min_price, id) on an index. NULL while
    -- the product has no variant: it has no price and is not listed on the
    -- storefront yet.
    min_price   numeric(20, 4),
    currency    char(3),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Full-text search: a generated tsvector with a GIN index rather than
    -- pg_trgm. The 'simple' configuration (lower-casing, no stemming, no stop
    -- words) because shops are written in every language and a product title
    -- is mostly names; queries match word prefixes (`term:*`), which covers
    -- search-as-you-type. A GIN tsvector index stays small and exact, whereas
    -- trigram indexes are several times larger and rank substrings we do not
    -- need.
    search      tsvector GENERATED ALWAYS AS (
                    to_tsvector('simple', title || ' ' || coalesce(description, ''))
                ) STORED,
    CONSTRAINT products_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
    CONSTRAINT products_description_length CHECK (char_length(description) <= 10000),
    CONSTRAINT products_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 63),
    CONSTRAINT products_min_price_currency CHECK ((min_price IS NULL) = (currency IS NULL)),
    -- The primary key leads with the site, as every access path does, and
    -- also serves "newest first" (site_id, id DESC). There is deliberately no
    -- b-tree on id alone: the planner could walk it in id order through every
    -- site's products, filtering out other sites' rows, which it does pick
    -- when a site holds a large share of the table and which degrades when
    -- the filter is narrow (a category). Ids stay unique on their own through
    -- a hash exclusion constraint, whose index also serves look-ups by id
    -- alone (the published view) but cannot be walked in order.
    CONSTRAINT products_pkey PRIMARY KEY (site_id, id),
    CONSTRAINT products_id_key EXCLUDE USING hash (id WITH =),
    CONSTRAINT products_slug_key UNIQUE (site_id, slug),  -- the product's public URL
    -- Deleting a category leaves its products uncategorised: only category_id
    -- is set to NULL, never site_id (PostgreSQL 15 column list).
    CONSTRAINT products_category_fkey FOREIGN KEY (site_id, category_id)
        REFERENCES site.categories (site_id, id) ON DELETE SET NULL (category_id)
);

-- Listing cost must not grow with the catalog: every filter and sort of the
-- listings is one index range walked in order and stopped at the page's
-- limit, resumed from the cursor (keyset, never OFFSET).
--
-- Merchant listing (every product), newest first, optionally by category.
-- The primary key (site_id, id) already serves (site_id, id DESC).
CREATE INDEX products_category_newest_idx ON site.products (site_id, category_id, id);
-- Storefront listings show priced products only (partial indexes), by
-- newest or by price, optionally by category. Backward scans serve the
-- descending orders.
CREATE INDEX products_listed_newest_idx ON site.products (site_id, id) WHERE min_price IS NOT NULL;
CREATE INDEX products_listed_category_newest_idx ON site.products (site_id, category_id, id)
    WHERE min_price IS NOT NULL;
CREATE INDEX products_listed_price_idx ON site.products (site_id, min_price, id) WHERE min_price IS NOT NULL;
CREATE INDEX products_listed_category_price_idx ON site.products (site_id, category_id, min_price, id)
    WHERE min_price IS NOT NULL;
CREATE INDEX products_search_idx ON site.products USING gin (search);

CREATE TABLE site.variants (
    id         uuid PRIMARY KEY,
    site_id    uuid NOT NULL,                 -- copied from the product, for "SKU unique per site"
    product_id uuid NOT NULL,
    sku        text NOT NULL,
    attributes jsonb NOT NULL DEFAULT '{}',
    price      numeric(20, 4) NOT NULL,
    currency   char(3) NOT NULL,
    stock_qty  integer NOT NULL DEFAULT 0,
    CONSTRAINT variants_sku_format CHECK (char_length(sku) BETWEEN 1 AND 64),
    CONSTRAINT variants_attributes_object CHECK (jsonb_typeof(attributes) = 'object'),
    CONSTRAINT variants_price_nonnegative CHECK (price >= 0),
    CONSTRAINT variants_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT variants_stock_nonnegative CHECK (stock_qty >= 0),
    CONSTRAINT variants_sku_key UNIQUE (site_id, sku),
    -- Same site as the product; deleting the product deletes its variants.
    CONSTRAINT variants_product_fkey FOREIGN KEY (site_id, product_id)
        REFERENCES site.products (site_id, id) ON DELETE CASCADE
);

CREATE INDEX variants_product_idx ON site.variants (product_id, id);

-- Published read-only view for the other services (media): which product
-- belongs to which live site. It joins the builder's directory, so a deleted
-- site's products leave it at once, before the sweeper removes the rows.
CREATE VIEW site.product_directory AS
    SELECT p.id, p.site_id
    FROM site.products p
    JOIN builder.site_directory d ON d.id = p.site_id;

GRANT USAGE ON SCHEMA site TO vitrine_site_published;
GRANT SELECT ON site.product_directory TO vitrine_site_published;
