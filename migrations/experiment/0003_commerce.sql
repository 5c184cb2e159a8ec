-- Experiments meet commerce (decision 11). Runs as vitrine_experiment.
--
-- Checkout assigns every new cart's visitor to the site's running experiments
-- and records each paid order as a conversion with its revenue, through the
-- functions below, so the experiment results count real visitors and sales.

-- Revenue is money: kept with its currency.
ALTER TABLE experiment.metrics ADD COLUMN currency char(3),
    ADD CONSTRAINT metrics_currency_format CHECK (currency ~ '^[A-Z]{3}$');

-- A UUIDv7 made in SQL (PostgreSQL 15 has none): 48 bits of Unix
-- milliseconds, then random bits, with the version and variant set.
CREATE FUNCTION experiment.uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;

-- The arm a visitor draws: a hash of (experiment, key) into 0..99, cut by the
-- cumulative weights in arm-name order. Deterministic, so every caller
-- (checkout here, the experiment service's own assignment route) draws the
-- same arm; the stored assignment makes it permanent.
CREATE FUNCTION experiment.draw_arm(p_experiment uuid, p_key text, p_split jsonb) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH arms AS (
        SELECT s.key AS arm, s.value::integer AS weight,
               sum(s.value::integer) OVER (ORDER BY s.key COLLATE "C") AS upper
        FROM jsonb_each_text(p_split) s
    ), draw AS (
        SELECT ('x' || substr(md5(p_experiment::text || ':' || p_key), 1, 8))::bit(32)::bigint % 100 AS n
    )
    SELECT a.arm FROM arms a, draw d WHERE a.weight > 0 AND d.n < a.upper ORDER BY a.upper LIMIT 1
$$;

-- Assigns `p_key` to every running experiment of `p_site` (sticky: an
-- existing assignment stays). Called by checkout when a cart is created.
CREATE FUNCTION experiment.assign_visitor(p_site uuid, p_key text)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO experiment.variant_assignments (id, experiment_id, user_key, arm)
    SELECT experiment.uuid_v7(), e.id, p_key, experiment.draw_arm(e.id, p_key, e.traffic_split)
    FROM experiment.experiments e
    WHERE e.site_id = p_site
      AND e.status = 'running'
      AND (e.start_at IS NULL OR e.start_at <= now())
      AND (e.end_at IS NULL OR now() < e.end_at)
      AND EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p_site)
      AND char_length(p_key) BETWEEN 1 AND 128
    ON CONFLICT (experiment_id, user_key) DO NOTHING
$$;

-- A paid order: for every running experiment of `p_site` in which `p_key`
-- has an assignment, a `conversion` (1) and a `revenue` (the order's total,
-- in `p_currency`) for the visitor's arm. Called by checkout when the payment
-- is captured.
CREATE FUNCTION experiment.record_conversion(p_site uuid, p_key text, p_revenue numeric, p_currency char(3))
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO experiment.metrics (id, experiment_id, user_key, arm, metric_name, metric_value, currency)
    SELECT experiment.uuid_v7(), a.experiment_id, a.user_key, a.arm, m.name, m.value, m.currency
    FROM experiment.variant_assignments a
    JOIN experiment.experiments e ON e.id = a.experiment_id
    CROSS JOIN (VALUES ('conversion', 1::numeric, NULL::char(3)), ('revenue', p_revenue, p_currency))
        AS m (name, value, currency)
    WHERE e.site_id = p_site AND e.status = 'running' AND a.user_key = p_key
$$;

REVOKE ALL ON FUNCTION experiment.assign_visitor(uuid, text),
    experiment.record_conversion(uuid, text, numeric, char) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION experiment.assign_visitor(uuid, text),
    experiment.record_conversion(uuid, text, numeric, char) TO vitrine_checkout;
GRANT USAGE ON SCHEMA experiment TO vitrine_experiment_published;
