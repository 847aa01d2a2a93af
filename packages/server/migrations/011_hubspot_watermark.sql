-- How far the sync worker has queued account changes (answers and health/churn computations) for
-- each portal, so a restarted worker resumes where it stopped.
ALTER TABLE hubspot_portals ADD COLUMN changes_queued_through timestamptz
