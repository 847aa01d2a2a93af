-- Every version of an account's signals, so the churn model can describe an account as it was at a past
-- cut-off date (point-in-time snapshots) instead of with today's values. account_signals keeps the latest.
CREATE TABLE account_signal_history (
  tenant_id text NOT NULL REFERENCES tenants (id),
  account_id text NOT NULL,
  recorded_at timestamptz NOT NULL,
  signals jsonb NOT NULL,
  PRIMARY KEY (tenant_id, account_id, recorded_at)
);

-- What was known before this migration: the current signals, as of their last change.
INSERT INTO account_signal_history (tenant_id, account_id, recorded_at, signals)
SELECT tenant_id, account_id, updated_at, signals FROM account_signals;
