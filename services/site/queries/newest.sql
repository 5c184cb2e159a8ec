-- A storefront's listed products (those with a variant), newest first, after id $2, $3 rows.
SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
FROM site.products
WHERE site_id = $1 AND min_price IS NOT NULL AND id < $2
ORDER BY id DESC
LIMIT $3
