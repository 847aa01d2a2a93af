-- The last churn training of a tenant that produced no model (too few events in the snapshots, no time
-- split, an error) and the training data it saw: until that data changes or a week passes, recomputations
-- use the health prior without rebuilding the snapshots, also after a restart (it was kept in memory).
CREATE TABLE churn_training_failures (
  tenant_id text PRIMARY KEY REFERENCES tenants (id),
  fingerprint text NOT NULL,
  reason text NOT NULL,
  failed_at timestamptz NOT NULL
);
