-- A portal whose grant HubSpot revoked (uninstall, 400 BAD_REFRESH_TOKEN) or whose private-app token
-- stopped working (401) is parked "needs reconnect": nothing is sent to it and nothing queued for it
-- is marked failed, until a reinstall stores new tokens and clears the mark.
ALTER TABLE hubspot_portals ADD COLUMN needs_reconnect_since timestamptz;
ALTER TABLE hubspot_portals ADD COLUMN needs_reconnect_reason text;
