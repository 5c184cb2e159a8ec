-- A storefront's search (optionally in category $2 and its subcategories): the shop's
-- currency $6 first, then the other currencies in reverse code order, dearest first in
-- each, after (other currency $7, currency $8, price $9, id $10), $11 rows.
-- LIMIT 1000 fences the matches (they come from the GIN indexes) and caps them (see catalog.rs).
-- The variants are read for the page only: after its ORDER BY and LIMIT, not for every match.
SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency,
       ARRAY(SELECT ROW(v.id, v.sku, v.attributes, v.attribute_order, v.price::text, v.currency, v.stock_qty)
             FROM site.variants v WHERE v.product_id = page.id) AS "variants!: Vec<ListedVariant>"
FROM (
    SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
    FROM (
        SELECT p.id, p.site_id, p.category_id, p.title, p.description, p.slug, p.created_at, p.updated_at, p.min_price, p.currency
        FROM site.products p
        WHERE p.site_id = $1 AND p.min_price IS NOT NULL AND ($2::uuid IS NULL OR EXISTS (
              SELECT 1 FROM site.category_products c
              WHERE c.site_id = $1 AND c.category_id = $2 AND c.product_id = p.id))
          -- search predicate: $3 a tsquery from domain::Search (its words as prefixes), matched
          -- unaccented as written and stemmed in the shop's language; $4 a LIKE pattern of the
          -- query's unspaced script (Japanese), $5 the query for typo-tolerant word similarity
          -- (each NULL when it does not apply). See docs/adr/0021.
          AND (p.search @@ (to_tsquery('site.simple_unaccent', $3) || to_tsquery(site.search_config($1), $3))
               OR site.fold(p.title) LIKE site.fold($4)
               OR site.fold(p.title) OPERATOR(public.%>) site.fold($5))
          AND ((p.currency::text <> $6) > $7::bool
               OR ((p.currency::text <> $6) = $7::bool
                   AND (p.currency::text, p.min_price, p.id) < ($8::text, $9::numeric, $10::uuid)))
        LIMIT 1000
    ) matches
    ORDER BY currency::text <> $6, currency DESC, min_price DESC, id DESC
    LIMIT $11
) page
ORDER BY currency::text <> $6, currency DESC, min_price DESC, id DESC
