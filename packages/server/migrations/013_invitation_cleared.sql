-- An invitation's link stays in the contact property `cxkit_pending_survey_url` until the invitation
-- is answered or expires; then the sync worker queues the property cleared and stamps `cleared_at`
-- (invitations created before this migration are looked at once too: none was ever cleared).
ALTER TABLE survey_invitations ADD COLUMN cleared_at timestamptz;
CREATE INDEX survey_invitations_uncleared ON survey_invitations (tenant_id, created_at) WHERE cleared_at IS NULL;
