-- The merchant's list of category $2 and its subcategories, newest first, after id $3, $4 rows.
SELECT p.id, p.site_id, p.category_id, p.title, p.description, p.slug, p.created_at, p.updated_at, p.min_price, p.currency
FROM site.category_products c
JOIN site.products p ON p.site_id = c.site_id AND p.id = c.product_id
WHERE c.site_id = $1 AND c.category_id = $2 AND c.product_id < $3
ORDER BY c.product_id DESC
LIMIT $4
