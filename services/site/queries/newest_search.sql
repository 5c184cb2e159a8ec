-- A storefront's search (optionally in category $2), newest first, after id $4, $5 rows.
-- LIMIT 1000 fences the matches (they come from the GIN index) and caps them (see catalog.rs).
SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
FROM (
    SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
    FROM site.products
    WHERE site_id = $1 AND ($2::uuid IS NULL OR category_id = $2) AND min_price IS NOT NULL
      -- search predicate: $3 is a tsquery from domain::search_query
      AND search @@ to_tsquery('simple', $3)
      AND id < $4
    LIMIT 1000
) matches
ORDER BY id DESC
LIMIT $5
