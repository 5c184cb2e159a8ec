-- A storefront's listed products of category $2, cheapest first, after (price $3, id $4), $5 rows.
SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
FROM site.products
WHERE site_id = $1 AND category_id = $2 AND min_price IS NOT NULL
  AND (min_price, id) > ($3::numeric, $4::uuid)
ORDER BY min_price, id
LIMIT $5
