-- take_stock, cheaper on the path every checkout takes (same signature and
-- contract, so checkout's calls do not change). Runs as vitrine_site, which
-- owns it: CREATE OR REPLACE keeps its owner and its grants.
--
-- It ran four statements for every order: the ids, a FOR UPDATE of the
-- variants, a query for short lines, then the UPDATE. Now the UPDATE takes
-- every line that is available in one statement, and the rest runs only when
-- a line is short:
-- - one variant (most orders): no separate lock; the UPDATE locks the row, and
--   under READ COMMITTED an UPDATE that waited for a row re-checks its stock as
--   the other transaction left it (EvalPlanQual), so it never oversells;
-- - two or more: still locked in id order first, so two orders over the same
--   variants in opposite orders queue instead of deadlocking;
-- - a short line: what this call took is given back before the short lines
--   are answered, so it still takes all or nothing.
CREATE OR REPLACE FUNCTION site.take_stock(p_site uuid, p_lines jsonb)
RETURNS TABLE (variant_id uuid, requested integer, available integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wanted jsonb := site.stock_lines(p_lines);
    ids uuid[];
    taken uuid[];
BEGIN
    SELECT coalesce(array_agg(k::uuid ORDER BY k::uuid), '{}') INTO ids FROM jsonb_object_keys(wanted) k;
    IF cardinality(ids) > 1 THEN
        PERFORM 1 FROM site.variants v
        WHERE v.id = ANY (ids) AND v.site_id = p_site
        ORDER BY v.id
        FOR UPDATE;
    END IF;

    WITH took AS (
        UPDATE site.variants v SET stock_qty = v.stock_qty - (wanted->>v.id::text)::integer
        WHERE v.id = ANY (ids) AND v.site_id = p_site
          AND v.stock_qty >= (wanted->>v.id::text)::integer
          AND EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p_site)
        RETURNING v.id
    )
    SELECT coalesce(array_agg(took.id), '{}') INTO taken FROM took;
    IF cardinality(taken) = cardinality(ids) THEN
        RETURN;
    END IF;

    -- Short: nothing is taken, and the short lines are the answer.
    UPDATE site.variants v SET stock_qty = v.stock_qty + (wanted->>v.id::text)::integer
    WHERE v.id = ANY (taken);
    RETURN QUERY
        SELECT w.key::uuid, w.value::integer, coalesce(v.stock_qty, 0)
        FROM jsonb_each_text(wanted) w
        LEFT JOIN site.variants v ON v.id = w.key::uuid AND v.site_id = p_site
            AND EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p_site)
        WHERE coalesce(v.stock_qty, 0) < w.value::integer
        ORDER BY 1;
END
$$;
