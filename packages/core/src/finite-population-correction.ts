import { CxError } from './cx-error.js';
import { assertCount } from './validate.js';

/**
 * Finite population correction factor for a standard error: sqrt((N - n) / (N - 1)).
 * In B2B an account may have 12 people who could answer; when 9 of them did, sampling error is much
 * smaller than the infinite-population formulas say, so SEs are multiplied by this factor
 * (0 when everyone answered: a census has no sampling error).
 * @throws CxError `finitePopulationCorrection/invalid-count` for non-integer or negative counts,
 *   `finitePopulationCorrection/sample-exceeds-population` when n > N.
 * @example finitePopulationCorrection(9, 12) // sqrt(3 / 11) = 0.5222
 */
export function finitePopulationCorrection(n: number, populationSize: number): number {
  assertCount('finitePopulationCorrection', 'n', n);
  assertCount('finitePopulationCorrection', 'populationSize', populationSize);
  if (n > populationSize)
    throw new CxError(
      'finitePopulationCorrection/sample-exceeds-population',
      `populationSize (${populationSize}) must be at least the number of answers n (${n})`,
      { field: 'populationSize', n, populationSize },
    );
  if (populationSize <= 1) return 0;
  return Math.sqrt((populationSize - n) / (populationSize - 1));
}
