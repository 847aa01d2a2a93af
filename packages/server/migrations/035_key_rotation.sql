-- Key and secret rotation with an overlap window (issue 15, finding 11): after a rotation the
-- previous site key, signing secret and admin key keep working until their *_until instant, so
-- widgets, host backends and admin scripts roll over without downtime.
ALTER TABLE tenants
  ADD COLUMN previous_site_key text UNIQUE,
  ADD COLUMN previous_site_key_until timestamptz,
  ADD COLUMN previous_signing_secret text,
  ADD COLUMN previous_signing_secret_until timestamptz,
  ADD COLUMN previous_admin_key_hash text UNIQUE,
  ADD COLUMN previous_admin_key_until timestamptz;
