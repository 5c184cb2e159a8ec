-- Issue 22, the product editor's fixes. Runs as role vitrine_site.

-- 1. Attributes keep the order they were typed in. A jsonb object stores its
-- keys sorted (by length, then bytes), so "Size, Colour" came back as
-- "Colour, Size". The object stays in `attributes` (the API's shape, the
-- checkout's view and every reader are unchanged) and the typed order of its
-- keys is kept beside it. Rows written before this keep '{}': their keys are
-- shown in the stored order (decision in docs/adr/0022).
ALTER TABLE site.variants ADD COLUMN attribute_order text[] NOT NULL DEFAULT '{}';
ALTER TABLE site.variants ADD CONSTRAINT variants_attribute_order_length
    CHECK (cardinality(attribute_order) <= 50);

-- 2. Category names are unique among siblings, case-insensitively ("Shoes"
-- and "shoes" under one parent were both shown). Existing duplicates must not
-- make this migration fail: the later ones (by id, i.e. creation time) are
-- kept and renamed "Name (2)", "Name (3)"… (the first free number), so no
-- product loses its category and the merchant sees which ones to merge.
DO $$
DECLARE
    dup record;
    n integer;
    candidate text;
BEGIN
    FOR dup IN
        SELECT id, site_id, parent_id, name
        FROM (SELECT id, site_id, parent_id, name,
                     row_number() OVER (PARTITION BY site_id, parent_id, lower(name) ORDER BY id) AS rank
              FROM site.categories) ranked
        WHERE rank > 1
        ORDER BY id
    LOOP
        n := 2;
        LOOP
            candidate := left(dup.name, 100 - char_length(' (' || n || ')')) || ' (' || n || ')';
            EXIT WHEN NOT EXISTS (
                SELECT 1 FROM site.categories
                WHERE site_id = dup.site_id AND parent_id IS NOT DISTINCT FROM dup.parent_id
                  AND lower(name) = lower(candidate));
            n := n + 1;
        END LOOP;
        UPDATE site.categories SET name = candidate WHERE id = dup.id;
    END LOOP;
END
$$;

-- NULLS NOT DISTINCT: two top-level categories (parent_id NULL) are siblings too.
CREATE UNIQUE INDEX categories_sibling_name_key
    ON site.categories (site_id, parent_id, lower(name)) NULLS NOT DISTINCT;

-- 3. A product's old slugs keep working: each one a product left, and which
-- product it was. A redirect names the product, not its next slug, so a
-- chain A → B → C always resolves in one hop to the product's slug now.
-- A product that takes the slug later wins (pages look up products first,
-- and the slug's redirect row is removed when a product takes it).
CREATE TABLE site.product_slug_redirects (
    site_id    uuid NOT NULL,
    slug       text NOT NULL,
    product_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT product_slug_redirects_pkey PRIMARY KEY (site_id, slug),
    -- Deleting the product deletes its old addresses (they then answer 404).
    CONSTRAINT product_slug_redirects_product_fkey FOREIGN KEY (site_id, product_id)
        REFERENCES site.products (site_id, id) ON DELETE CASCADE
);

-- The cascade above, and "this product's old slugs".
CREATE INDEX product_slug_redirects_product_idx ON site.product_slug_redirects (site_id, product_id);
