-- One outbox drain per portal across processes (the server's worker, `cxkit hubspot sync`, replicas):
-- two drains could send an older value after a newer one and leave HubSpot with the older. A drain
-- holds the portal's lease, renews it before every batch, and deletes it when done; a crashed holder's
-- lease expires.
CREATE TABLE hubspot_drain_leases (
  portal_id bigint PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);
