-- A storefront's listed products priced in currencies $2 to $3 (one block: see catalog.rs),
-- by currency then dearest first (both descending), before (currency $4, price $5, id $6), $7 rows.
-- With each product its variants, in the same statement (the service orders them by price).
SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency,
       ARRAY(SELECT ROW(v.id, v.sku, v.attributes, v.attribute_order, v.price::text, v.currency, v.stock_qty)
             FROM site.variants v WHERE v.product_id = products.id) AS "variants!: Vec<ListedVariant>"
FROM site.products
WHERE site_id = $1 AND min_price IS NOT NULL AND currency BETWEEN $2::bpchar AND $3::bpchar
  AND (currency, min_price, id) < ($4::bpchar, $5::numeric, $6::uuid)
ORDER BY currency DESC, min_price DESC, id DESC
LIMIT $7
