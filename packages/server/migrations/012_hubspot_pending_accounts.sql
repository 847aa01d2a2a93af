-- Accounts whose HubSpot company properties may have changed (a new answer, a new health or churn
-- computation), marked in the same transaction as the change. A time watermark missed changes that
-- committed after the worker's tick had moved past their timestamps (an answer whose answeredAt is
-- older than its arrival, a recomputation that took longer than a tick). Each mark takes a new
-- version; the worker deletes a mark only at the version it queued, so a change marked while the
-- worker was reading is queued on its next tick.
CREATE SEQUENCE hubspot_pending_seq;
CREATE TABLE hubspot_pending_accounts (
  tenant_id text NOT NULL REFERENCES tenants (id),
  account_id text NOT NULL,
  version bigint NOT NULL DEFAULT nextval('hubspot_pending_seq'),
  PRIMARY KEY (tenant_id, account_id)
);

-- Accounts of portals already syncing: queue them once (only changed values are written).
INSERT INTO hubspot_pending_accounts (tenant_id, account_id)
SELECT a.tenant_id, a.account_id FROM accounts a JOIN hubspot_portals p ON p.tenant_id = a.tenant_id
WHERE p.changes_queued_through IS NOT NULL;
