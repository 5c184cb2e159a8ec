-- Checkout's calls into this schema, as PL/pgSQL. Runs as vitrine_promotion.
--
-- PostgreSQL 15 plans a SECURITY DEFINER SQL function's statement again on
-- every call (it cannot be inlined); PL/pgSQL keeps the plan for the session.
-- See experiment's 0005 for the figures. Same statements, same answers; the
-- grants stay.

CREATE OR REPLACE FUNCTION promotion.redeem(p_site uuid, p_code text, p_currency char(3))
RETURNS TABLE (id uuid, code text, kind text, value numeric, currency char(3))
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
        UPDATE promotion.promotions p SET times_used = p.times_used + 1
        WHERE p.site_id = p_site
          AND lower(p.code) = lower(p_code)
          AND p.active
          AND (p.start_at IS NULL OR p.start_at <= now())
          AND (p.end_at IS NULL OR now() < p.end_at)
          AND (p.usage_limit IS NULL OR p.times_used < p.usage_limit)
          AND (p.kind <> 'fixed_amount' OR p.currency = p_currency)
          AND EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p_site)
        RETURNING p.id, p.code, p.kind, p.value, p.currency;
END
$$;

CREATE OR REPLACE FUNCTION promotion.release(p_promotion uuid)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE promotion.promotions SET times_used = times_used - 1
    WHERE id = p_promotion AND times_used > 0;
END
$$;
