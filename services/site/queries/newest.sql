-- A storefront's listed products (those with a variant), newest first, after id $2, $3 rows.
-- With each product its variants, in the same statement (the service orders them by price).
SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency,
       ARRAY(SELECT ROW(v.id, v.sku, v.attributes, v.attribute_order, v.price::text, v.currency, v.stock_qty)
             FROM site.variants v WHERE v.product_id = products.id) AS "variants!: Vec<ListedVariant>"
FROM site.products
WHERE site_id = $1 AND min_price IS NOT NULL AND id < $2
ORDER BY id DESC
LIMIT $3
