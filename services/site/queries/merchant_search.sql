-- The merchant's search (optionally in category $2 and its subcategories), newest first,
-- after id $7, $8 rows: the storefront's text search, or a variant's SKU starting with
-- $6 (a lower-case LIKE prefix pattern; NULL when the query cannot be a SKU).
-- The matches come from the indexes (GIN for the text, variants_sku_prefix_idx for SKUs);
-- only they are ordered (see catalog.rs).
-- (A union's columns are not known NOT NULL to sqlx: the `!` say they are.)
SELECT id AS "id!", site_id AS "site_id!", category_id, title AS "title!", description, slug AS "slug!",
       created_at AS "created_at!", updated_at AS "updated_at!", min_price, currency
FROM (
    SELECT p.id, p.site_id, p.category_id, p.title, p.description, p.slug, p.created_at, p.updated_at, p.min_price, p.currency
    FROM site.products p
    WHERE p.site_id = $1
      -- search predicate: $3 a tsquery from domain::Search (its words as prefixes), matched
      -- unaccented as written and stemmed in the shop's language; $4 a LIKE pattern of the
      -- query's unspaced script (Japanese), $5 the query for typo-tolerant word similarity
      -- (each NULL when it does not apply). See docs/adr/0021.
      AND (p.search @@ (to_tsquery('site.simple_unaccent', $3) || to_tsquery(site.search_config($1), $3))
           OR site.fold(p.title) LIKE site.fold($4)
           OR site.fold(p.title) OPERATOR(public.%>) site.fold($5))
    UNION
    SELECT p.id, p.site_id, p.category_id, p.title, p.description, p.slug, p.created_at, p.updated_at, p.min_price, p.currency
    FROM site.variants v
    JOIN site.products p ON p.site_id = v.site_id AND p.id = v.product_id
    WHERE v.site_id = $1 AND lower(v.sku) LIKE $6
) matches
WHERE ($2::uuid IS NULL OR EXISTS (
          SELECT 1 FROM site.category_products c
          WHERE c.site_id = $1 AND c.category_id = $2 AND c.product_id = matches.id))
  AND id < $7
ORDER BY id DESC
LIMIT $8
