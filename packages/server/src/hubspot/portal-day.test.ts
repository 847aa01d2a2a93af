import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, portalDayStart, portalNextMidnight } from './portal-day.js';

const at = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

describe('a HubSpot portal day', () => {
  it('starts and ends at midnight in the portal time zone', () => {
    // 15:00 UTC is 10:00 in New York (EST, UTC-5): the day began at 05:00 UTC, ends at 05:00 UTC tomorrow.
    expect(iso(portalDayStart(at('2026-12-04T15:00:00Z'), 'US/Eastern'))).toBe('2026-12-04T05:00:00.000Z');
    expect(iso(portalNextMidnight(at('2026-12-04T15:00:00Z'), 'US/Eastern'))).toBe(
      '2026-12-05T05:00:00.000Z',
    );
    // 02:00 UTC is still the previous evening in New York.
    expect(iso(portalNextMidnight(at('2026-12-04T02:00:00Z'), 'America/New_York'))).toBe(
      '2026-12-04T05:00:00.000Z',
    );
    // Half-hour offsets, east of UTC: 20:00 UTC is 01:30 on the next day in Kolkata.
    expect(iso(portalNextMidnight(at('2026-12-04T20:00:00Z'), 'Asia/Kolkata'))).toBe(
      '2026-12-05T18:30:00.000Z',
    );
    expect(iso(portalNextMidnight(at('2026-12-04T15:00:00Z'), null))).toBe('2026-12-05T00:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    // US clocks go forward on 2026-03-08: that evening's midnight is at UTC-4, the one before at UTC-5.
    expect(iso(portalDayStart(at('2026-03-08T18:00:00Z'), 'US/Eastern'))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(portalNextMidnight(at('2026-03-08T18:00:00Z'), 'US/Eastern'))).toBe(
      '2026-03-09T04:00:00.000Z',
    );
    // Paris goes back on 2026-10-25: a 25-hour day.
    const start = portalDayStart(at('2026-10-25T12:00:00Z'), 'Europe/Paris');
    expect(portalNextMidnight(at('2026-10-25T12:00:00Z'), 'Europe/Paris') - start).toBe(25 * 3_600_000);
  });

  it('knows IANA zones and their aliases, and nothing else', () => {
    expect(isKnownTimeZone('US/Eastern')).toBe(true);
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });
});
