-- Promotions meet checkout (decision 11). Runs as vitrine_promotion.
--
-- A code may be limited in uses; checkout redeems a use in the transaction
-- that creates the order and releases it when the order is canceled or its
-- payment declined. The limit is kept here, by one conditional UPDATE:
-- concurrent redemptions of the same code queue on its row, and each re-checks
-- the limit on the row as the previous one left it, so it is never exceeded.
ALTER TABLE promotion.promotions
    ADD COLUMN usage_limit integer,              -- null: unlimited
    ADD COLUMN times_used integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT promotions_usage_limit_positive CHECK (usage_limit > 0),
    ADD CONSTRAINT promotions_times_used_within_limit
        CHECK (times_used >= 0 AND (usage_limit IS NULL OR times_used <= usage_limit));

-- Every promotion of a live site, for checkout to show a cart's discount
-- (and to explain why a code does not apply) without redeeming it.
CREATE VIEW promotion.promotion_directory AS
    SELECT p.id, p.site_id, p.code, p.kind, p.value, p.currency, p.start_at, p.end_at, p.active,
           p.usage_limit, p.times_used
    FROM promotion.promotions p
    JOIN builder.site_directory d ON d.id = p.site_id;

GRANT USAGE ON SCHEMA promotion TO vitrine_promotion_published;
GRANT SELECT ON promotion.promotion_directory TO vitrine_promotion_published;

-- Redeems one use of `p_code` (without regard to case) on `p_site` for an
-- order in `p_currency`: the promotion's row if it applies now (active, in its
-- window, under its limit, and a fixed amount only in its own currency),
-- else no row. Called by checkout in the order's transaction.
CREATE FUNCTION promotion.redeem(p_site uuid, p_code text, p_currency char(3))
RETURNS TABLE (id uuid, code text, kind text, value numeric, currency char(3))
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    UPDATE promotion.promotions p SET times_used = p.times_used + 1
    WHERE p.site_id = p_site
      AND lower(p.code) = lower(p_code)
      AND p.active
      AND (p.start_at IS NULL OR p.start_at <= now())
      AND (p.end_at IS NULL OR now() < p.end_at)
      AND (p.usage_limit IS NULL OR p.times_used < p.usage_limit)
      AND (p.kind <> 'fixed_amount' OR p.currency = p_currency)
      AND EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p_site)
    RETURNING p.id, p.code, p.kind, p.value, p.currency
$$;

-- Gives one use back (an order canceled, a payment declined); never below 0.
CREATE FUNCTION promotion.release(p_promotion uuid)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    UPDATE promotion.promotions SET times_used = times_used - 1
    WHERE id = p_promotion AND times_used > 0
$$;

REVOKE ALL ON FUNCTION promotion.redeem(uuid, text, char), promotion.release(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION promotion.redeem(uuid, text, char), promotion.release(uuid) TO vitrine_checkout;
