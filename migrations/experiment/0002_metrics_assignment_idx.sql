-- Deleting an experiment (by its merchant, or by the sweeper after its site
-- is deleted) cascades to each assignment, and from each assignment to its
-- metrics through metrics_assignment_fkey: without an index on the
-- referencing columns, every one of those cascades would scan all of the
-- experiment's metrics.
CREATE INDEX metrics_assignment_idx ON experiment.metrics (experiment_id, user_key);
