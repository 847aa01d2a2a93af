-- New portals default to HubSpot's strictest rolling limit, 100 requests per 10 s (Free and Starter
-- portals); 110 was above it. Portals already linked keep the limit they were given.
ALTER TABLE hubspot_portals ALTER COLUMN per_ten_seconds SET DEFAULT 100;
