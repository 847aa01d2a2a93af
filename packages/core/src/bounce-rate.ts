import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Bounce rate (seed 000): the share of sessions that viewed a single page.
 *
 * bounce = single-page sessions / all sessions × 100; n = sessions; Wilson interval; insufficient when sessions is 0.
 * @throws CxError `bounceRate/invalid-count`, `bounceRate/exceeds-total` when singlePageSessions > sessions.
 * @example bounceRate({ singlePageSessions: 420, sessions: 1000 }).value // 42
 */
export function bounceRate(
  input: { singlePageSessions: number; sessions: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'bounceRate',
    { field: 'singlePageSessions', value: input.singlePageSessions },
    { field: 'sessions', value: input.sessions },
    o,
  );
}
