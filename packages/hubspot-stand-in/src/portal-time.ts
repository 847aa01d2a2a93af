import { TZDate } from '@date-fns/tz';

/** The portal time zone's offset from UTC at `t`, in ms (New York in winter: -18,000,000). */
export function utcOffsetMs(t: number, timeZone: string): number {
  return -new TZDate(t, timeZone).getTimezoneOffset() * 60_000;
}

/** Start of the portal's day holding `t`: HubSpot's daily limits run from midnight in the portal's zone. */
export function portalDayStart(t: number, timeZone: string): number {
  const d = new TZDate(t, timeZone);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
