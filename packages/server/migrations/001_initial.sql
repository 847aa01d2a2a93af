-- cxkit server schema. Every table starts with tenant_id and every primary key leads with it:
-- queries are always scoped by tenant, and the same schema distributes by tenant_id (Citus).

CREATE TABLE tenants (
  id text PRIMARY KEY,
  name text NOT NULL,
  site_key text NOT NULL UNIQUE,
  signing_secret text NOT NULL,
  admin_key_hash text NOT NULL UNIQUE,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Versioned admin configuration: surveys, role weights, health weights and thresholds, fatigue caps.
-- Rows are never updated: each change adds a version, with who made it and when.
CREATE TABLE config_versions (
  tenant_id text NOT NULL REFERENCES tenants (id),
  entity text NOT NULL,
  entity_id text NOT NULL DEFAULT '',
  version integer NOT NULL,
  value jsonb NOT NULL,
  actor text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, entity, entity_id, version)
);

CREATE TABLE accounts (
  tenant_id text NOT NULL REFERENCES tenants (id),
  account_id text NOT NULL,
  name text,
  responses integer NOT NULL DEFAULT 0,
  last_answered_at timestamptz,
  PRIMARY KEY (tenant_id, account_id)
);

-- The raw answers, kept whole. The primary key makes ingestion idempotent by response id.
CREATE TABLE responses (
  tenant_id text NOT NULL,
  id uuid NOT NULL,
  survey_id text NOT NULL,
  survey_version integer NOT NULL,
  account_id text NOT NULL,
  respondent_id text,
  role text,
  channel text NOT NULL,
  locale text,
  answered_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  has_text boolean NOT NULL DEFAULT false,
  answers jsonb NOT NULL,
  attributes jsonb,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX responses_account_time ON responses (tenant_id, account_id, answered_at DESC);
CREATE INDEX responses_account_text ON responses (tenant_id, account_id, answered_at DESC) WHERE has_text;
CREATE INDEX responses_respondent ON responses (tenant_id, account_id, respondent_id, answered_at DESC)
  WHERE respondent_id IS NOT NULL;

-- Mergeable score summaries per account, month, question, role and scale: c0..c10 count answers
-- scoring 0..10 (every scale lies within 0-10). Updated in the insert's transaction by addition.
CREATE TABLE score_aggregates (
  tenant_id text NOT NULL,
  account_id text NOT NULL,
  month text NOT NULL,
  kind text NOT NULL,
  survey_id text NOT NULL,
  question_id text NOT NULL,
  role text NOT NULL DEFAULT '',
  scale_min smallint NOT NULL,
  scale_max smallint NOT NULL,
  polarity text NOT NULL,
  c0 integer NOT NULL DEFAULT 0,
  c1 integer NOT NULL DEFAULT 0,
  c2 integer NOT NULL DEFAULT 0,
  c3 integer NOT NULL DEFAULT 0,
  c4 integer NOT NULL DEFAULT 0,
  c5 integer NOT NULL DEFAULT 0,
  c6 integer NOT NULL DEFAULT 0,
  c7 integer NOT NULL DEFAULT 0,
  c8 integer NOT NULL DEFAULT 0,
  c9 integer NOT NULL DEFAULT 0,
  c10 integer NOT NULL DEFAULT 0,
  cant_recommend integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, account_id, month, kind, survey_id, question_id, role, scale_min, scale_max, polarity)
);

-- Each identified respondent's latest scored answer per kind: the input of the
-- per-respondent and role-weighted roll-ups, bounded by the account's people, not its answers.
CREATE TABLE latest_scores (
  tenant_id text NOT NULL,
  account_id text NOT NULL,
  kind text NOT NULL,
  respondent_id text NOT NULL,
  role text,
  scale_min smallint NOT NULL,
  scale_max smallint NOT NULL,
  polarity text NOT NULL,
  value smallint,
  cant_recommend boolean NOT NULL DEFAULT false,
  answered_at timestamptz NOT NULL,
  response_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, account_id, kind, respondent_id)
);

-- Health score and churn risk results, written by the scoring job (one row per computation);
-- the account summary reads the latest of each kind ('health' | 'churn').
CREATE TABLE account_insights (
  tenant_id text NOT NULL,
  account_id text NOT NULL,
  kind text NOT NULL,
  computed_at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  PRIMARY KEY (tenant_id, account_id, kind, computed_at)
);
