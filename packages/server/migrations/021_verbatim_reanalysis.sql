-- A re-analysis (after a tenant changes its theme dictionary) redoes the analyses made before the request,
-- oldest first, in batches: this index finds them without scanning the tenant's other analyses.
CREATE INDEX verbatim_analyses_analyzed ON verbatim_analyses (tenant_id, analyzed_at);
