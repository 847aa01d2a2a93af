-- The survey results route (GET /v1/admin/surveys/:id/results) reads one survey version's answers:
-- without this index it would scan every response of the tenant.
CREATE INDEX responses_survey_version ON responses (tenant_id, survey_id, survey_version);
