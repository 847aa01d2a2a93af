-- Health score and churn risk inputs and models. Keys lead with tenant_id, like every other table.

-- Operational signals of an account (usage, support, commercial, activity, churn), set by the admin API or an
-- import; one row per account, replaced as a whole. `signals` holds the validated AccountSignals JSON;
-- churned_at is a column because the recomputation counts churn events.
CREATE TABLE account_signals (
  tenant_id text NOT NULL REFERENCES tenants (id),
  account_id text NOT NULL,
  signals jsonb NOT NULL,
  churned_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, account_id)
);

-- Churn models trained on a tenant's history, versioned; a new version only when the training data changed
-- (same fingerprint: the latest model is reused).
CREATE TABLE churn_models (
  tenant_id text NOT NULL REFERENCES tenants (id),
  version integer NOT NULL,
  fingerprint text NOT NULL,
  rows integer NOT NULL,
  events integer NOT NULL,
  model jsonb NOT NULL,
  trained_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);
