-- Anonymous answers move an account's figures only when a signed identity vouches for the account
-- (issue 15, finding 1). Unsigned answers are kept whole (vouched = false) but feed only the
-- tenant-level aggregates below, never score_aggregates, latest_scores, accounts or the sync queue.
-- Answers stored before this migration keep their place (they cannot be told apart any more).
ALTER TABLE responses ADD COLUMN vouched boolean NOT NULL DEFAULT true;

CREATE TABLE unvouched_score_aggregates (
  tenant_id text NOT NULL,
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
  PRIMARY KEY (tenant_id, month, kind, survey_id, question_id, scale_min, scale_max, polarity)
);
