import { startHubSpotStandIn, type HubSpotStandIn, type StandInOptions } from '@cxkit/hubspot-stand-in';
import {
  HubSpotGateway,
  linkStaticPortal,
  loadHubSpotSettings,
  type Database,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';

/** The redirect URL the stand-in's app registers by default. */
export const REDIRECT_URL = 'http://localhost:3000/oauth/callback';

/** A HubSpot stand-in and the server's HubSpot settings pointing at it. */
export async function hubspotStandIn(
  options: StandInOptions = {},
): Promise<{ hs: HubSpotStandIn; settings: HubSpotSettings }> {
  const hs = await startHubSpotStandIn({ rateLimit: false, ...options });
  const settings = loadHubSpotSettings(
    {},
    {
      HUBSPOT_CLIENT_SECRET: hs.clientSecret,
      HUBSPOT_CLIENT_ID: hs.clientId,
      HUBSPOT_BASE_PATH: hs.url,
      HUBSPOT_AUTHORIZE_URL: `${hs.url}/oauth/authorize`,
      HUBSPOT_REDIRECT_URL: REDIRECT_URL,
      CXKIT_PORTAL_URL: 'https://portal.acme.test/',
      CXKIT_DEV: 'true',
    },
  );
  return { hs, settings };
}

/** A gateway with fast back-off, for tests. */
export function testGateway(db: Database, settings: HubSpotSettings, backoffMs = 5): HubSpotGateway {
  return new HubSpotGateway({ db, settings, logger: pino({ level: 'silent' }), backoffMs });
}

/** Links the stand-in's portal to a tenant with its static token (and installs the properties). */
export function linkStandInPortal(
  db: Database,
  hs: HubSpotStandIn,
  settings: HubSpotSettings,
  tenantId: string,
  extra: { perTenSeconds?: number; dailyLimit?: number | null; portalId?: number } = {},
): Promise<HubSpotPortal> {
  return linkStaticPortal({
    db,
    gateway: testGateway(db, settings),
    settings,
    portalId: extra.portalId ?? hs.portalId,
    tenantId,
    accessToken: hs.accessToken,
    ...(extra.perTenSeconds === undefined ? {} : { perTenSeconds: extra.perTenSeconds }),
    ...(extra.dailyLimit === undefined ? {} : { dailyLimit: extra.dailyLimit }),
    now: new Date(),
  });
}
