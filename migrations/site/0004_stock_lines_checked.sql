-- Fixes to the stock functions of 0003 (same signatures, so checkout's calls
-- do not change). Runs as vitrine_site, which owns them: CREATE OR REPLACE
-- keeps their owner and their grants.
--
-- 1. return_stock accepted any quantity, so a negative one would have taken
--    stock through the function meant to give it back. Both functions now
--    read their lines through one check (site.stock_lines).
-- 2. Both found the variants with `wanted ? v.id::text`, which no index
--    serves: every call walked all the variants of the site. They now look
--    the variants up by primary key (`v.id = ANY (ids)`), still locked in id
--    order.

-- The lines of a stock change, checked and added up per variant:
-- [{"variant_id": uuid, "quantity": n > 0}, ...] -> {"<variant_id>": total, ...}.
-- Anything else is refused (SQLSTATE 22023; a malformed uuid or number 22P02).
CREATE FUNCTION site.stock_lines(p_lines jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wanted jsonb;
BEGIN
    IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'stock lines must be [{variant_id, quantity > 0}]' USING ERRCODE = '22023';
    END IF;
    IF EXISTS (
        SELECT 1 FROM jsonb_array_elements(p_lines) l
        WHERE jsonb_typeof(l) IS DISTINCT FROM 'object'
           OR jsonb_typeof(l->'quantity') IS DISTINCT FROM 'number'
           OR jsonb_typeof(l->'variant_id') IS DISTINCT FROM 'string'
           OR (l->>'quantity')::numeric <= 0
           OR (l->>'quantity')::numeric <> trunc((l->>'quantity')::numeric)
    ) THEN
        RAISE EXCEPTION 'stock lines must be [{variant_id, quantity > 0}]' USING ERRCODE = '22023';
    END IF;
    SELECT coalesce(jsonb_object_agg(w.id, w.quantity), '{}') INTO wanted
    FROM (SELECT (l->>'variant_id')::uuid AS id, sum((l->>'quantity')::integer) AS quantity
          FROM jsonb_array_elements(p_lines) l GROUP BY 1) w;
    RETURN wanted;
END
$$;

REVOKE ALL ON FUNCTION site.stock_lines(jsonb) FROM PUBLIC;

CREATE OR REPLACE FUNCTION site.take_stock(p_site uuid, p_lines jsonb)
RETURNS TABLE (variant_id uuid, requested integer, available integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wanted jsonb := site.stock_lines(p_lines);
    ids uuid[];
BEGIN
    SELECT coalesce(array_agg(k::uuid), '{}') INTO ids FROM jsonb_object_keys(wanted) k;

    PERFORM 1 FROM site.variants v
    WHERE v.id = ANY (ids) AND v.site_id = p_site
    ORDER BY v.id
    FOR UPDATE;

    -- A new snapshot (READ COMMITTED): the stock as the transactions we
    -- waited for left it.
    RETURN QUERY
        SELECT w.key::uuid, w.value::integer, coalesce(v.stock_qty, 0)
        FROM jsonb_each_text(wanted) w
        LEFT JOIN site.variants v ON v.id = w.key::uuid AND v.site_id = p_site
            AND EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p_site)
        WHERE coalesce(v.stock_qty, 0) < w.value::integer
        ORDER BY 1;
    IF FOUND THEN
        RETURN;
    END IF;

    UPDATE site.variants v SET stock_qty = v.stock_qty - (wanted->>v.id::text)::integer
    WHERE v.id = ANY (ids) AND v.site_id = p_site;
END
$$;

CREATE OR REPLACE FUNCTION site.return_stock(p_site uuid, p_lines jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wanted jsonb := site.stock_lines(p_lines);
    ids uuid[];
BEGIN
    SELECT coalesce(array_agg(k::uuid), '{}') INTO ids FROM jsonb_object_keys(wanted) k;
    PERFORM 1 FROM site.variants v
    WHERE v.id = ANY (ids) AND v.site_id = p_site
    ORDER BY v.id
    FOR UPDATE;
    UPDATE site.variants v SET stock_qty = v.stock_qty + (wanted->>v.id::text)::integer
    WHERE v.id = ANY (ids) AND v.site_id = p_site;
END
$$;
