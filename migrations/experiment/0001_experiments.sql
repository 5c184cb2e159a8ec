-- The experiment service's schema: A/B experiments of a site, the arm each
-- visitor was assigned to, and the metrics recorded for those visitors.
-- Runs as role vitrine_experiment (owner of schema `experiment`).
--
-- site_id names a site in builder.site_directory. It is not a foreign key:
-- the builder's tables are not ours to reference. Reads join the view, so a
-- deleted site's experiments vanish at once; the service's sweeper deletes
-- them soon after (assignments and metrics go with them, by cascade).

CREATE TABLE experiment.experiments (
    id            uuid PRIMARY KEY,           -- UUIDv7, made by the service
    site_id       uuid NOT NULL,
    name          text NOT NULL,
    status        text NOT NULL DEFAULT 'draft',
    -- Arm name -> integer weight, the weights summing to 100. The service
    -- checks the shape; the table only keeps it an object.
    traffic_split jsonb NOT NULL,
    start_at      timestamptz,                -- null: as soon as it runs
    end_at        timestamptz,                -- null: until stopped
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT experiments_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    CONSTRAINT experiments_status CHECK (status IN ('draft', 'running', 'paused', 'completed')),
    CONSTRAINT experiments_traffic_split_object CHECK (jsonb_typeof(traffic_split) = 'object'),
    CONSTRAINT experiments_window CHECK (end_at > start_at)
);

-- A site's experiments, newest first: a keyset walk down UUIDv7 ids.
CREATE INDEX experiments_site_newest_idx ON experiment.experiments (site_id, id DESC);

-- The seed's VariantAssignment: which arm a visitor (an opaque key the shop
-- chooses: a cookie, a customer id) was drawn into. One per experiment and
-- visitor, so a visitor always sees the same arm; the unique constraint is
-- what makes concurrent first requests agree (INSERT … ON CONFLICT DO NOTHING).
CREATE TABLE experiment.variant_assignments (
    id            uuid PRIMARY KEY,
    experiment_id uuid NOT NULL REFERENCES experiment.experiments (id) ON DELETE CASCADE,
    user_key      text NOT NULL,
    arm           text NOT NULL,
    assigned_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT variant_assignments_experiment_user_key UNIQUE (experiment_id, user_key),
    CONSTRAINT variant_assignments_user_key_length CHECK (char_length(user_key) BETWEEN 1 AND 128)
);

-- Results count users per arm.
CREATE INDEX variant_assignments_arm_idx ON experiment.variant_assignments (experiment_id, arm);

-- The seed's Metrics: one observation for one assigned visitor. The arm is
-- copied from the assignment when recorded (results group by it without a
-- join); the foreign key to the assignment guarantees every metric belongs to
-- a visitor who was assigned.
CREATE TABLE experiment.metrics (
    id            uuid PRIMARY KEY,
    experiment_id uuid NOT NULL,
    user_key      text NOT NULL,
    arm           text NOT NULL,
    metric_name   text NOT NULL,
    metric_value  double precision NOT NULL,
    ts            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT metrics_assignment_fkey FOREIGN KEY (experiment_id, user_key)
        REFERENCES experiment.variant_assignments (experiment_id, user_key) ON DELETE CASCADE,
    CONSTRAINT metrics_name_format CHECK (metric_name ~ '^[A-Za-z0-9_.-]{1,64}$')
);

-- Results aggregate per arm and metric name.
CREATE INDEX metrics_results_idx ON experiment.metrics (experiment_id, arm, metric_name);
