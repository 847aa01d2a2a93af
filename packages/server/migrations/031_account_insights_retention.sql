-- Each recomputation appends a health and a churn row per account (on a schedule and after answers),
-- and past days are thinned to their last row: the thinning and the retention scan by time.
CREATE INDEX account_insights_time ON account_insights (tenant_id, computed_at);
