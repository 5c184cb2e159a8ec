-- A storefront's listed products of category $2 and its subcategories priced in currencies
-- $3 to $4 (one block: see catalog.rs), by currency then cheapest first,
-- after (currency $5, price $6, id $7), $8 rows.
-- With each product its variants, in the same statement (the service orders them by price).
SELECT p.id, p.site_id, p.category_id, p.title, p.description, p.slug, p.created_at, p.updated_at, p.min_price, p.currency,
       ARRAY(SELECT ROW(v.id, v.sku, v.attributes, v.attribute_order, v.price::text, v.currency, v.stock_qty)
             FROM site.variants v WHERE v.product_id = p.id) AS "variants!: Vec<ListedVariant>"
FROM site.category_products c
JOIN site.products p ON p.site_id = c.site_id AND p.id = c.product_id
WHERE c.site_id = $1 AND c.category_id = $2 AND c.min_price IS NOT NULL
  AND c.currency BETWEEN $3::bpchar AND $4::bpchar
  AND (c.currency, c.min_price, c.product_id) > ($5::bpchar, $6::numeric, $7::uuid)
ORDER BY c.currency, c.min_price, c.product_id
LIMIT $8
