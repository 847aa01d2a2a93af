-- HubSpot integration: portals (one per tenant), company links, the property outbox, webhook
-- deduplication and survey invitations. Keys lead with tenant_id where a tenant owns the row.

-- A HubSpot portal is a tenant. Tokens are AES-256-GCM ciphertexts (never plaintext).
CREATE TABLE hubspot_portals (
  portal_id bigint PRIMARY KEY,
  tenant_id text NOT NULL UNIQUE REFERENCES tenants (id),
  auth_mode text NOT NULL CHECK (auth_mode IN ('oauth', 'static')),
  access_token_enc text NOT NULL,
  refresh_token_enc text,
  access_expires_at timestamptz,
  per_ten_seconds integer NOT NULL DEFAULT 110,
  daily_limit integer,
  deal_survey_id text NOT NULL DEFAULT 'relationship',
  ticket_survey_id text NOT NULL DEFAULT 'relationship',
  properties_installed_at timestamptz,
  installed_at timestamptz NOT NULL DEFAULT now()
);

-- A cxkit account is a HubSpot company: one link each way.
CREATE TABLE hubspot_companies (
  tenant_id text NOT NULL REFERENCES tenants (id),
  company_id text NOT NULL,
  account_id text NOT NULL,
  matched_by text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, company_id),
  UNIQUE (tenant_id, account_id)
);

-- Respondents are contacts, matched by email.
CREATE TABLE hubspot_contacts (
  tenant_id text NOT NULL REFERENCES tenants (id),
  contact_id text NOT NULL,
  email text NOT NULL,
  PRIMARY KEY (tenant_id, contact_id)
);
CREATE INDEX hubspot_contacts_email ON hubspot_contacts (tenant_id, email);

-- Pending property writes: the latest value per (object, property). Every write takes a new
-- sequence number; a row is deleted only when HubSpot acknowledged that very sequence, so a
-- value enqueued while an older one was in flight is never lost or overwritten.
CREATE SEQUENCE hubspot_outbox_seq;
CREATE TABLE hubspot_outbox (
  tenant_id text NOT NULL REFERENCES tenants (id),
  object_type text NOT NULL CHECK (object_type IN ('companies', 'contacts')),
  object_id text NOT NULL,
  property text NOT NULL,
  value text,
  seq bigint NOT NULL DEFAULT nextval('hubspot_outbox_seq'),
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  failed_at timestamptz,
  error text,
  PRIMARY KEY (tenant_id, object_type, object_id, property)
);
CREATE INDEX hubspot_outbox_order ON hubspot_outbox (tenant_id, object_type, seq) WHERE failed_at IS NULL;

-- The last value HubSpot acknowledged, so unchanged values are not written again.
CREATE TABLE hubspot_synced (
  tenant_id text NOT NULL REFERENCES tenants (id),
  object_type text NOT NULL,
  object_id text NOT NULL,
  property text NOT NULL,
  value text,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, object_type, object_id, property)
);

-- Webhook events already processed (HubSpot retries deliveries and may send an event twice).
CREATE TABLE hubspot_webhook_events (
  portal_id bigint NOT NULL,
  event_id bigint NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, event_id)
);

-- Invitations to answer a survey, created by CRM triggers (deal won, ticket closed); the widget
-- shows a pending one on the next visit and a HubSpot workflow can email its link.
CREATE TABLE survey_invitations (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  survey_id text NOT NULL,
  account_id text NOT NULL,
  respondent_id text NOT NULL,
  contact_id text,
  trigger text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'expired')),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, trigger, respondent_id)
);
CREATE INDEX survey_invitations_respondent ON survey_invitations (tenant_id, respondent_id, created_at DESC);
