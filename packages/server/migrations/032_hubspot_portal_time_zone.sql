-- The portal's time zone setting (from HubSpot's account details): HubSpot resets daily API limits at
-- midnight there, so a portal parked by its daily limit resumes then. Null until it has been read.
ALTER TABLE hubspot_portals ADD COLUMN time_zone text;
