-- A storefront's listed products of category $2, newest first, after id $3, $4 rows.
SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
FROM site.products
WHERE site_id = $1 AND category_id = $2 AND min_price IS NOT NULL AND id < $3
ORDER BY id DESC
LIMIT $4
