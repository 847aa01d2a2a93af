-- Webhook deliveries are stored raw as they arrive (after the signature check) and answered 204 at
-- once; a worker splits them into events and processes those per portal, in order, outside the
-- request (HubSpot waits 5 s and retries a slow or failed delivery).
CREATE TABLE hubspot_webhook_deliveries (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  body text NOT NULL,
  split_at timestamptz,
  -- What the split found: events queued, malformed events skipped (logged), and why, if anything.
  events integer,
  malformed integer,
  error text
);
CREATE INDEX hubspot_webhook_deliveries_unsplit ON hubspot_webhook_deliveries (id) WHERE split_at IS NULL;

-- Events waiting to be processed, one row per (portal, event): a redelivered event is queued once.
CREATE TABLE hubspot_webhook_inbox (
  portal_id bigint NOT NULL,
  event_id bigint NOT NULL,
  delivery_id bigint NOT NULL,
  occurred_at bigint NOT NULL,
  event jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (portal_id, event_id)
);
CREATE INDEX hubspot_webhook_inbox_order ON hubspot_webhook_inbox (portal_id, occurred_at, event_id);

-- Erasures of a person's personal data on HubSpot's request (contact.privacyDeletion): who asked
-- (portal, contact id, never the person's identity), when, and how many answers were anonymised.
CREATE TABLE privacy_erasures (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  source text NOT NULL,
  subject_ref text NOT NULL,
  requested_at timestamptz NOT NULL,
  erased_at timestamptz NOT NULL DEFAULT now(),
  responses integer NOT NULL,
  identity_known boolean NOT NULL
);
CREATE INDEX privacy_erasures_tenant ON privacy_erasures (tenant_id, erased_at DESC);
