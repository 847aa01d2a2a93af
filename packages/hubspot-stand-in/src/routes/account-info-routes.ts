import type { Hono } from 'hono';
import { utcOffsetMs } from '../portal-time.js';
import type { StandInContext } from './stand-in-context.js';

/** Account info v3: the portal details. */
export function mountAccountInfoRoutes(app: Hono, ctx: StandInContext): void {
  // Any valid token may read them (no scope beyond `oauth`).
  app.get('/account-info/v3/details', (c) => {
    const offsetMs = utcOffsetMs(ctx.now(), ctx.timeZone);
    const sign = offsetMs < 0 ? '-' : '+';
    const abs = Math.abs(offsetMs) / 60_000;
    return c.json({
      portalId: ctx.portalId,
      accountType: 'STANDARD',
      timeZone: ctx.timeZone,
      companyCurrency: 'EUR',
      additionalCurrencies: [],
      utcOffset: `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`,
      utcOffsetMilliseconds: offsetMs,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
  });
}
