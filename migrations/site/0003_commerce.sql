-- What the site service publishes for commerce (decision 11). Runs as vitrine_site.
--
-- Checkout reads variants through a view and changes stock only through the
-- two functions below, inside its own transaction: an order and the stock it
-- takes commit or roll back together, and every stock invariant is kept here,
-- by the service that owns the table (the CHECK (stock_qty >= 0) of
-- site.variants is the last line of defence, never the first).

-- Every variant of a live site as checkout sees it: its product, price,
-- currency and the stock now. A deleted site's variants leave the view at once.
CREATE VIEW site.variant_directory AS
    SELECT v.id AS variant_id, v.product_id, v.site_id, v.sku, v.attributes, v.price, v.currency,
           v.stock_qty, p.title AS product_title, p.slug AS product_slug,
           (p.min_price IS NOT NULL) AS listed
    FROM site.variants v
    JOIN site.products p ON p.site_id = v.site_id AND p.id = v.product_id
    JOIN builder.site_directory d ON d.id = v.site_id;

GRANT SELECT ON site.variant_directory TO vitrine_site_published;

-- Takes the stock of an order: p_lines = [{"variant_id": uuid, "quantity": n > 0}, ...].
-- All or nothing: when every line is available it decrements them all and
-- returns no row; otherwise it takes nothing and returns the short lines
-- (a variant that is missing, deleted or of another site is available 0).
-- Variants are locked in id order, so two orders over the same variants in
-- opposite orders queue instead of deadlocking. Called by checkout (checkout
-- and manual orders) in the transaction that creates the order.
CREATE FUNCTION site.take_stock(p_site uuid, p_lines jsonb)
RETURNS TABLE (variant_id uuid, requested integer, available integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wanted jsonb;
BEGIN
    IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' OR EXISTS (
        SELECT 1 FROM jsonb_array_elements(p_lines) l
        WHERE (l->>'quantity') IS NULL OR (l->>'quantity')::integer <= 0 OR (l->>'variant_id') IS NULL
    ) THEN
        RAISE EXCEPTION 'take_stock: lines must be [{variant_id, quantity > 0}]' USING ERRCODE = '22023';
    END IF;
    -- One entry per variant (quantities of a repeated variant added up).
    SELECT coalesce(jsonb_object_agg(w.id, w.quantity), '{}') INTO wanted
    FROM (SELECT (l->>'variant_id')::uuid AS id, sum((l->>'quantity')::integer) AS quantity
          FROM jsonb_array_elements(p_lines) l GROUP BY 1) w;

    PERFORM 1 FROM site.variants v
    WHERE v.site_id = p_site AND wanted ? v.id::text
    ORDER BY v.id
    FOR UPDATE;

    RETURN QUERY
        SELECT w.key::uuid, w.value::integer, coalesce(v.stock_qty, 0)
        FROM jsonb_each_text(wanted) w
        LEFT JOIN site.variants v ON v.site_id = p_site AND v.id = w.key::uuid
            AND EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p_site)
        WHERE coalesce(v.stock_qty, 0) < w.value::integer
        ORDER BY 1;
    IF FOUND THEN
        RETURN;
    END IF;

    UPDATE site.variants v SET stock_qty = v.stock_qty - (wanted->>v.id::text)::integer
    WHERE v.site_id = p_site AND wanted ? v.id::text;
END
$$;

-- Gives stock back (a declined payment, a canceled or discarded order):
-- the same p_lines shape. A variant deleted since is skipped.
CREATE FUNCTION site.return_stock(p_site uuid, p_lines jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wanted jsonb;
BEGIN
    SELECT coalesce(jsonb_object_agg(w.id, w.quantity), '{}') INTO wanted
    FROM (SELECT (l->>'variant_id')::uuid AS id, sum((l->>'quantity')::integer) AS quantity
          FROM jsonb_array_elements(p_lines) l GROUP BY 1) w;
    PERFORM 1 FROM site.variants v
    WHERE v.site_id = p_site AND wanted ? v.id::text
    ORDER BY v.id
    FOR UPDATE;
    UPDATE site.variants v SET stock_qty = v.stock_qty + (wanted->>v.id::text)::integer
    WHERE v.site_id = p_site AND wanted ? v.id::text;
END
$$;

REVOKE ALL ON FUNCTION site.take_stock(uuid, jsonb), site.return_stock(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION site.take_stock(uuid, jsonb), site.return_stock(uuid, jsonb) TO vitrine_checkout;
