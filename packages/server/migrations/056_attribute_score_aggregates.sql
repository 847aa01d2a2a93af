-- Score summaries per answer attribute: the widget's hidden fields (values from the host page), the page
-- address and its UTM parameters, which are stored with each answer in responses.attributes. Kept like
-- score_aggregates (mergeable counts, one row per account, month, question and scale) so that
-- /v1/analytics/segments can segment on a hidden field by reading aggregates, never the answers; the account
-- stays in the key for cluster-robust intervals. Filled by the answer's insert statement (store-responses.ts)
-- for vouched answers, up to 16 attributes per answer (the invitation id excluded: one value per answer).
-- Answers stored before this migration are not counted.
CREATE TABLE attribute_score_aggregates (
  tenant_id text NOT NULL REFERENCES tenants (id),
  attribute text NOT NULL,
  value text NOT NULL,
  account_id text NOT NULL,
  month text NOT NULL,
  kind text NOT NULL,
  survey_id text NOT NULL,
  question_id text NOT NULL,
  scale_min smallint NOT NULL,
  scale_max smallint NOT NULL,
  polarity text NOT NULL,
  c0 integer NOT NULL DEFAULT 0,
  c1 integer NOT NULL DEFAULT 0,
  c2 integer NOT NULL DEFAULT 0,
  c3 integer NOT NULL DEFAULT 0,
  c4 integer NOT NULL DEFAULT 0,
  c5 integer NOT NULL DEFAULT 0,
  c6 integer NOT NULL DEFAULT 0,
  c7 integer NOT NULL DEFAULT 0,
  c8 integer NOT NULL DEFAULT 0,
  c9 integer NOT NULL DEFAULT 0,
  c10 integer NOT NULL DEFAULT 0,
  cant_recommend integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, attribute, month, value, account_id, kind, survey_id, question_id, scale_min, scale_max,
               polarity)
);
