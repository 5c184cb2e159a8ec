-- Listing and search as shoppers expect (issue 22, docs/adr/0020 and 0021).
-- Runs as vitrine_site. Needs the unaccent and pg_trgm extensions, which
-- migrations/bootstrap.sql creates (an administrator's job).

------------------------------------------------------------------------------
-- 1. A category lists its subcategories' products (ADR 0020).
--
-- site.category_products holds one row per (product, category the product is
-- in or under): its own category and each ancestor. With the product's sort
-- keys copied in, "the products of Clothes and of everything below it" is one
-- range of one index, walked in order and stopped at the page, like the other
-- listings; `category_id = ANY(subtree)` could not be (PostgreSQL 15 sorts
-- the union of the ranges). Triggers keep it exact in the writing
-- transaction: a product's insert, move or price change; a category's move
-- (its whole subtree's products get their ancestors again); a category's
-- delete (cascade, and its products lose their category through the
-- products' foreign key, which the product trigger sees).
------------------------------------------------------------------------------

CREATE TABLE site.category_products (
    site_id     uuid NOT NULL,
    category_id uuid NOT NULL,     -- the product's category or one of its ancestors
    product_id  uuid NOT NULL,
    min_price   numeric(20, 4),    -- copies of site.products' sort keys
    currency    char(3),
    CONSTRAINT category_products_pkey PRIMARY KEY (site_id, category_id, product_id),
    CONSTRAINT category_products_category_fkey FOREIGN KEY (site_id, category_id)
        REFERENCES site.categories (site_id, id) ON DELETE CASCADE,
    CONSTRAINT category_products_product_fkey FOREIGN KEY (site_id, product_id)
        REFERENCES site.products (site_id, id) ON DELETE CASCADE
);

-- The primary key serves the merchant's list of a subtree (newest first,
-- backward); the partial indexes the storefront's (priced products only).
CREATE INDEX category_products_listed_newest_idx ON site.category_products (site_id, category_id, product_id)
    WHERE min_price IS NOT NULL;
CREATE INDEX category_products_listed_price_idx
    ON site.category_products (site_id, category_id, currency, min_price, product_id)
    WHERE min_price IS NOT NULL;
-- A product's rows (its move, its delete). A hash index, like products'
-- products_id_key: a b-tree on (site_id, product_id) could be walked in id
-- order, and a generic plan does walk it for "newest in a category",
-- filtering every product of the site for those of the category.
CREATE INDEX category_products_product_idx ON site.category_products USING hash (product_id);

-- A category and its ancestors, nearest first. The depth bound stops a cycle
-- (categories.rs refuses them) from looping.
CREATE FUNCTION site.category_lineage(p_site uuid, p_category uuid) RETURNS uuid[]
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up (id, parent_id, depth) AS (
        SELECT id, parent_id, 0 FROM site.categories WHERE site_id = p_site AND id = p_category
        UNION ALL
        SELECT c.id, c.parent_id, up.depth + 1
        FROM site.categories c JOIN up ON c.site_id = p_site AND c.id = up.parent_id
        WHERE up.depth < 1000
    )
    SELECT coalesce(array_agg(DISTINCT id), '{}') FROM up
$$;

CREATE FUNCTION site.category_products_of_product() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.category_id IS NOT DISTINCT FROM OLD.category_id THEN
        IF NEW.min_price IS DISTINCT FROM OLD.min_price OR NEW.currency IS DISTINCT FROM OLD.currency THEN
            UPDATE site.category_products SET min_price = NEW.min_price, currency = NEW.currency
            WHERE site_id = NEW.site_id AND product_id = NEW.id;
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM site.category_products WHERE site_id = OLD.site_id AND product_id = OLD.id;
    END IF;
    IF NEW.category_id IS NOT NULL THEN
        INSERT INTO site.category_products (site_id, category_id, product_id, min_price, currency)
        SELECT NEW.site_id, a.id, NEW.id, NEW.min_price, NEW.currency
        FROM unnest(site.category_lineage(NEW.site_id, NEW.category_id)) AS a (id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER products_category_products
    AFTER INSERT OR UPDATE OF category_id, min_price, currency ON site.products
    FOR EACH ROW EXECUTE FUNCTION site.category_products_of_product();

CREATE FUNCTION site.category_products_of_category() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    moved uuid[];
BEGIN
    IF NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id THEN
        RETURN NULL;
    END IF;
    -- Every product in or under the moved category gets its ancestors again.
    SELECT array_agg(product_id) INTO moved
    FROM site.category_products WHERE site_id = NEW.site_id AND category_id = NEW.id;
    IF moved IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM site.category_products WHERE site_id = NEW.site_id AND product_id = ANY (moved);
    INSERT INTO site.category_products (site_id, category_id, product_id, min_price, currency)
    SELECT p.site_id, a.id, p.id, p.min_price, p.currency
    FROM site.products p, unnest(site.category_lineage(p.site_id, p.category_id)) AS a (id)
    WHERE p.site_id = NEW.site_id AND p.id = ANY (moved);
    RETURN NULL;
END
$$;

CREATE TRIGGER categories_category_products
    AFTER UPDATE OF parent_id ON site.categories
    FOR EACH ROW EXECUTE FUNCTION site.category_products_of_category();

INSERT INTO site.category_products (site_id, category_id, product_id, min_price, currency)
SELECT p.site_id, a.id, p.id, p.min_price, p.currency
FROM site.products p, unnest(site.category_lineage(p.site_id, p.category_id)) AS a (id)
WHERE p.category_id IS NOT NULL;

-- The per-category listing indexes of 0001 are replaced by the ones above.
DROP INDEX site.products_listed_category_newest_idx;
DROP INDEX site.products_listed_category_price_idx;

------------------------------------------------------------------------------
-- 2. Price sort led by the shop's currency: products are walked by
-- (currency, price), one currency block at a time, the shop's first (see
-- catalog.rs), so another currency never interleaves with the shop's.
------------------------------------------------------------------------------

DROP INDEX site.products_listed_price_idx;
CREATE INDEX products_listed_price_idx ON site.products (site_id, currency, min_price, id)
    WHERE min_price IS NOT NULL;

------------------------------------------------------------------------------
-- 3. Search (ADR 0021): accent-insensitive, prefix, plurals (stemming in the
-- shop's language), typo tolerance and Japanese (trigrams).
------------------------------------------------------------------------------

-- unaccent, then the language's dictionary. ("word" and "hword*" are the
-- tokens with non-ASCII letters; ASCII words need no unaccenting.)
CREATE TEXT SEARCH CONFIGURATION site.simple_unaccent (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION site.simple_unaccent
    ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.simple;
CREATE TEXT SEARCH CONFIGURATION site.french_unaccent (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION site.french_unaccent
    ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.french_stem;
CREATE TEXT SEARCH CONFIGURATION site.english_unaccent (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION site.english_unaccent
    ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.english_stem;

-- Lower case without accents: what trigram matching compares. unaccent() is
-- only STABLE (its dictionary could change); naming the dictionary makes the
-- call fixed, so it may be used in an index.
CREATE FUNCTION site.fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));

-- The text search configuration of a site's language (builder.site_directory):
-- French and English stem; every other language (Japanese included) is
-- matched word by word, and by trigrams.
CREATE FUNCTION site.search_config(p_site uuid) RETURNS regconfig
LANGUAGE plpgsql STABLE AS $$
DECLARE
    lang text;
BEGIN
    SELECT lower(split_part(d.language, '-', 1)) INTO lang FROM builder.site_directory d WHERE d.id = p_site;
    RETURN CASE lang
        WHEN 'fr' THEN 'site.french_unaccent'::regconfig
        WHEN 'en' THEN 'site.english_unaccent'::regconfig
        ELSE 'site.simple_unaccent'::regconfig
    END;
END
$$;

-- A product's words, unaccented, as written (simple: prefixes of the exact
-- words) and as stems of each language we stem: a search then runs in the
-- shop's language (its query is stemmed by site.search_config) without
-- re-indexing a catalog when the shop's language changes.
ALTER TABLE site.products DROP COLUMN search;
ALTER TABLE site.products ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('site.simple_unaccent'::regconfig, title || ' ' || coalesce(description, ''))
    || to_tsvector('site.french_unaccent'::regconfig, title || ' ' || coalesce(description, ''))
    || to_tsvector('site.english_unaccent'::regconfig, title || ' ' || coalesce(description, ''))
) STORED;
CREATE INDEX products_search_idx ON site.products USING gin (search) WITH (fastupdate = off);
-- Trigrams of the folded title: typo tolerance (word similarity) and
-- substrings of unspaced scripts (Japanese).
CREATE INDEX products_title_trgm_idx ON site.products USING gin (site.fold(title) public.gin_trgm_ops)
    WITH (fastupdate = off);

-- The merchant's SKU search: exact or prefix, case-insensitive.
CREATE INDEX variants_sku_prefix_idx ON site.variants (site_id, lower(sku) text_pattern_ops);
