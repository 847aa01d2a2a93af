import type { NpsCounts } from './nps-interval.js';

/** Which way a change is looked for: a fall, a rise, or either. */
export type ChangeDirection = 'decrease' | 'increase' | 'any';

/** Above this many answers in the smaller period the exact enumeration is skipped (the normal test is fine). */
export const EXACT_CHANGE_MAX_N = 200;

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials[i] = logFactorials[i - 1]! + Math.log(i);
  return logFactorials[n]!;
}
const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/**
 * Exact conditional (permutation) mid-p test of "period b scores like period a" for answers scored +1
 * (promoter, or satisfied), 0 (passive) and −1 (detractor, or not satisfied): given the pooled answers, every
 * split of them into periods of the observed sizes is equally likely under no change, and the statistic is
 * the difference of mean scores (the NPS, or twice the CSAT share, b − a). Mid-p: P(more extreme) +
 * ½ P(as extreme), the usual small-sample correction of the exact test's conservatism (its false-alarm rate
 * stays at or below the nominal level in our enumeration from 3 answers a period). The normal
 * approximation fails exactly where this is cheap: it returns null when the smaller period has more than
 * {@link EXACT_CHANGE_MAX_N} answers, or a period has none.
 * @example exactChangeMidP({ detractors: 0, passives: 0, promoters: 120 }, { detractors: 1, passives: 0, promoters: 9 }, 'decrease') // 0.0385 (= ½ × 10/130)
 */
export function exactChangeMidP(a: NpsCounts, b: NpsCounts, direction: ChangeDirection): number | null {
  const na = a.detractors + a.passives + a.promoters;
  const nb = b.detractors + b.passives + b.promoters;
  if (na === 0 || nb === 0 || Math.min(na, nb) > EXACT_CHANGE_MAX_N) return null;
  const P = a.promoters + b.promoters;
  const D = a.detractors + b.detractors;
  const Q = a.passives + b.passives;
  const N = na + nb;
  // Statistic as an integer multiple of 1/(na·nb) so ties compare exactly: na·S_b − nb·S_a.
  const stat = (pb: number, db: number) => na * (pb - db) - nb * (P - pb - (D - db));
  const observed = stat(b.promoters, b.detractors);
  const total = logChoose(N, nb);
  let more = 0;
  let equal = 0;
  for (let pb = Math.max(0, nb - D - Q); pb <= Math.min(P, nb); pb++)
    for (let db = Math.max(0, nb - pb - Q); db <= Math.min(D, nb - pb); db++) {
      const prob = Math.exp(logChoose(P, pb) + logChoose(D, db) + logChoose(Q, nb - pb - db) - total);
      const t = stat(pb, db);
      // Negative: this split is further from "no change" than the observed one, in the direction looked for.
      const gap =
        direction === 'decrease'
          ? t - observed
          : direction === 'increase'
            ? observed - t
            : Math.abs(observed) - Math.abs(t);
      if (gap < 0) more += prob;
      else if (gap === 0) equal += prob;
    }
  return Math.min(1, more + equal / 2);
}
