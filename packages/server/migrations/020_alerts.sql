-- Verbatim analyses and alerts. Keys lead with tenant_id, like every other table.

-- Sentiment and themes of each open answer, written by the verbatim worker after ingestion (never on the
-- ingest path). One row per (response, text question); the full analysis with its evidence is kept as JSON.
CREATE TABLE verbatim_analyses (
  tenant_id text NOT NULL,
  response_id uuid NOT NULL,
  question_id text NOT NULL,
  account_id text NOT NULL,
  answered_at timestamptz NOT NULL,
  language text NOT NULL,
  sentiment_score double precision NOT NULL,
  sentiment_label text NOT NULL CHECK (sentiment_label IN ('negative', 'neutral', 'positive')),
  themes text[] NOT NULL DEFAULT '{}',
  analysis jsonb NOT NULL,
  analyzed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, response_id, question_id)
);
CREATE INDEX verbatim_analyses_account ON verbatim_analyses (tenant_id, account_id, answered_at DESC);
-- The worker looks for answers with text and no analysis yet, oldest first.
CREATE INDEX responses_text_received ON responses (received_at, tenant_id, id) WHERE has_text;

-- Alert rules of a tenant (AlertRuleSchema in @cxkit/core); each change is also versioned in config_versions.
CREATE TABLE alert_rules (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  rule jsonb NOT NULL,
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- Alerts raised. The unique dedup key makes raising idempotent: one event, one alert, whatever the retries.
CREATE TABLE alerts (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  dedup_key text NOT NULL,
  rule_id text NOT NULL,
  rule_kind text NOT NULL,
  metric text NOT NULL,
  severity text NOT NULL,
  target_type text NOT NULL CHECK (target_type IN ('account', 'segment')),
  target_id text NOT NULL,
  period text NOT NULL,
  value jsonb,
  title text NOT NULL,
  details jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, dedup_key)
);
CREATE INDEX alerts_recent ON alerts (tenant_id, created_at DESC, id DESC);

-- Where a tenant's alerts go: a signed webhook and/or HubSpot tasks. The webhook secret signs bodies, so it
-- is kept like the tenant's signing secret.
CREATE TABLE alert_channels (
  tenant_id text NOT NULL REFERENCES tenants (id),
  webhook_url text,
  webhook_secret text,
  hubspot_tasks boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- Webhook outbox: one row per alert (so an alert is sent at most once at a time and never twice once
-- delivered), retried with exponential backoff until delivered or out of attempts.
CREATE TABLE alert_deliveries (
  tenant_id text NOT NULL,
  alert_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, alert_id)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';

-- HubSpot tasks to create for account alerts (POST /crm/v3/objects/tasks), one per alert. The HubSpot sync
-- drains it: it resolves the account's company and that company's owner, creates the task associated to
-- the company, then records the task id.
CREATE TABLE alert_hubspot_tasks (
  tenant_id text NOT NULL,
  alert_id uuid NOT NULL,
  account_id text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  due_at timestamptz NOT NULL,
  priority text NOT NULL CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'created', 'failed')),
  hubspot_task_id text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, alert_id)
);
CREATE INDEX alert_hubspot_tasks_pending ON alert_hubspot_tasks (tenant_id, created_at) WHERE status = 'pending';
