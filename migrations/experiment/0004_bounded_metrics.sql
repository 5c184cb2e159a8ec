-- Metrics that no one can poison (issue 21). Runs as vitrine_experiment.
--
-- The public metrics route took any finite double, and results summed them in
-- `double precision`: two posts of 1e308 overflowed the sum, and the results
-- of that experiment answered 500 for ever. Now:
-- - values are exact (`numeric`) and bounded by a named constraint. The
--   bound is wide enough for checkout's revenue (an order total: at most
--   100 lines of 999 units at a price below 10^13), so recording a paid
--   order never fails on it; storefronts get a much narrower bound from the
--   service. Sums of bounded values stay far inside every type the service
--   reads them into;
-- - conversions and revenue come from checkout only (experiment.record_conversion);
-- - each visitor key may post a bounded number of metrics per experiment,
--   counted on its assignment row by the same statement that records one.

-- Values beyond the bound can only be such abuse (no shop counts anything in
-- the quintillions): they are dropped rather than kept to break the results.
DELETE FROM experiment.metrics WHERE abs(metric_value) > 1e18;

ALTER TABLE experiment.metrics
    ALTER COLUMN metric_value TYPE numeric USING metric_value::numeric,
    ADD CONSTRAINT metrics_value_bounded CHECK (metric_value BETWEEN -1e18 AND 1e18);

-- How many metrics the storefront posted for this visitor in this
-- experiment (checkout's conversions are not counted: they are orders).
ALTER TABLE experiment.variant_assignments
    ADD COLUMN storefront_metrics integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT variant_assignments_storefront_metrics_nonnegative CHECK (storefront_metrics >= 0);

-- As in 0003, and only for a site that still exists (as assign_visitor).
CREATE OR REPLACE FUNCTION experiment.record_conversion(p_site uuid, p_key text, p_revenue numeric, p_currency char(3))
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO experiment.metrics (id, experiment_id, user_key, arm, metric_name, metric_value, currency)
    SELECT experiment.uuid_v7(), a.experiment_id, a.user_key, a.arm, m.name, m.value, m.currency
    FROM experiment.variant_assignments a
    JOIN experiment.experiments e ON e.id = a.experiment_id
    CROSS JOIN (VALUES ('conversion', 1::numeric, NULL::char(3)), ('revenue', p_revenue, p_currency))
        AS m (name, value, currency)
    WHERE e.site_id = p_site AND e.status = 'running' AND a.user_key = p_key
      AND EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p_site)
$$;
