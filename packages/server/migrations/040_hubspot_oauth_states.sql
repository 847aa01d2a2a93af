-- OAuth `state` values already used: a state is single-use, so a callback URL replayed (from a log,
-- the browser history, a shared link) is refused. Rows older than the state's ten-minute lifetime
-- are useless and are deleted as new ones arrive.
CREATE TABLE hubspot_oauth_states (
  state_id text PRIMARY KEY,
  used_at timestamptz NOT NULL DEFAULT now()
);
