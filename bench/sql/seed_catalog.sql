-- Fills one site's catalog for the benchmark, straight into the site schema
-- (run by bench/bench.py as the administrator, after the site was created
-- through the builder's API so it exists in builder.sites).
--
--   psql -v site_id=<uuid> -v n=<products> -f bench/sql/seed_catalog.sql
--
-- What it makes, as the site service itself would have stored it:
-- - 8 categories; products spread over them, one in 16 uncategorised;
-- - n products with realistic titles and unique slugs ("linen-shirt-indigo-42"),
--   UUIDv7 ids one second apart (ids sort by creation, as the service's do),
--   a description;
-- - 1 to 3 variants each, with a unique SKU, attributes, a price in EUR and a stock;
-- - the denormalised products.min_price/currency the variant routes keep:
--   the cheapest variant's price and the variants' currency (checked at the end).
\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- UUIDv7 for a timestamp: 48 bits of Unix milliseconds, then random bits,
-- version 7 (PostgreSQL 15 has no uuidv7()).
CREATE FUNCTION pg_temp.uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
           PLACING substring(int8send(floor(extract(epoch FROM ts) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
           52, 1), 53, 1), 'hex')::uuid
$$;

BEGIN;

CREATE TEMP TABLE bench_categories ON COMMIT DROP AS
SELECT row_number() OVER () AS k, pg_temp.uuid7(now() - interval '400 days' + (k || ' seconds')::interval) AS id, name
FROM unnest(ARRAY['Shirts', 'Trousers', 'Knitwear', 'Shoes', 'Bags', 'Accessories', 'Home', 'Gifts'])
     WITH ORDINALITY AS c(name, k);

INSERT INTO site.categories (id, site_id, parent_id, name, created_at)
SELECT id, :'site_id', NULL, name, now() - interval '400 days'
FROM bench_categories;

CREATE TEMP TABLE bench_products ON COMMIT DROP AS
SELECT g,
       ts,
       pg_temp.uuid7(ts) AS id,
       1 + (g * 7 + g / 13) % 3 AS variant_count,
       -- cents: between 5.00 and 299.99, spread so every sort order is exercised
       (500 + (g * 7919) % 29500)::numeric / 100 AS base_price,
       (ARRAY['Indigo', 'Ivory', 'Charcoal', 'Sage', 'Terracotta', 'Ochre', 'Navy', 'Sand', 'Rose'])[1 + (g / 120) % 9]
         AS colour,
       (ARRAY['Linen', 'Wool', 'Cotton', 'Silk', 'Leather', 'Canvas', 'Denim', 'Cashmere', 'Hemp', 'Velvet'])[1 + g % 10]
         || ' ' ||
       (ARRAY['Shirt', 'Scarf', 'Jacket', 'Trousers', 'Tote Bag', 'Sneakers', 'Cap', 'Cushion', 'Sweater', 'Belt',
              'Apron', 'Wallet'])[1 + (g / 10) % 12]
         || ' ' ||
       (ARRAY['Indigo', 'Ivory', 'Charcoal', 'Sage', 'Terracotta', 'Ochre', 'Navy', 'Sand', 'Rose'])[1 + (g / 120) % 9]
         || ' ' || g AS title
FROM (SELECT g, now() - ((:n - g + 60) || ' seconds')::interval AS ts FROM generate_series(1, :n) AS g) s;

INSERT INTO site.products (id, site_id, category_id, title, description, slug, min_price, currency, created_at, updated_at)
SELECT p.id,
       :'site_id',
       CASE WHEN p.g % 16 = 0 THEN NULL ELSE c.id END,
       p.title,
       'A ' || lower(p.title) || ', made to last. Benchmark product number ' || p.g || ' of this shop.',
       lower(replace(p.title, ' ', '-')),
       p.base_price,
       'EUR',
       p.ts,
       p.ts
FROM bench_products p
JOIN bench_categories c ON c.k = 1 + p.g % 8;

INSERT INTO site.variants (id, site_id, product_id, sku, attributes, price, currency, stock_qty)
SELECT pg_temp.uuid7(p.ts + (v || ' milliseconds')::interval),
       :'site_id',
       p.id,
       'SKU-' || p.g || '-' || v,
       jsonb_build_object('size', (ARRAY['S', 'M', 'L'])[v], 'colour', lower(p.colour)),
       p.base_price + (v - 1) * 5,   -- the first variant is the cheapest: min_price = base_price
       'EUR',
       (p.g * v) % 120
FROM bench_products p, generate_series(1, p.variant_count) AS v;

COMMIT;

ANALYZE site.categories;
ANALYZE site.products;
ANALYZE site.variants;

-- The denormalised columns agree with the variants, as the service keeps them.
DO $$
DECLARE bad bigint;
BEGIN
  SELECT count(*) INTO bad
  FROM site.products p
  LEFT JOIN (SELECT product_id, min(price) AS min_price, min(currency) AS currency
             FROM site.variants GROUP BY product_id) v ON v.product_id = p.id
  WHERE p.min_price IS DISTINCT FROM v.min_price OR p.currency IS DISTINCT FROM v.currency;
  IF bad > 0 THEN
    RAISE EXCEPTION '% products disagree with their variants (min_price/currency)', bad;
  END IF;
END
$$;
