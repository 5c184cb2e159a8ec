-- A storefront's listed products, cheapest first, after (price $2, id $3), $4 rows.
SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
FROM site.products
WHERE site_id = $1 AND min_price IS NOT NULL AND (min_price, id) > ($2::numeric, $3::uuid)
ORDER BY min_price, id
LIMIT $4
