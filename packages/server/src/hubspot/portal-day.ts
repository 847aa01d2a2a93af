import { TZDate } from '@date-fns/tz';

/** Whether `timeZone` is an IANA zone (or alias, such as HubSpot's `US/Eastern`) this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Start of the portal's day holding `t` (ms): HubSpot counts daily API limits from midnight in the
 * portal's time zone setting. UTC when the zone is unknown.
 */
export function portalDayStart(t: number, timeZone: string | null): number {
  const d = new TZDate(t, timeZone ?? 'UTC');
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The next midnight after `t` (ms) in the portal's time zone, when its daily limits reset. */
export function portalNextMidnight(t: number, timeZone: string | null): number {
  const d = new TZDate(t, timeZone ?? 'UTC');
  d.setHours(24, 0, 0, 0);
  return d.getTime();
}
