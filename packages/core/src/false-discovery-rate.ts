import { CxError } from './cx-error.js';

/** Result of {@link benjaminiHochberg}, in the order of the p-values given. */
export interface FalseDiscoveryResult {
  /** Whether each hypothesis is rejected (a discovery) at level q. */
  rejected: boolean[];
  /** Benjamini-Hochberg adjusted p-values (R `p.adjust(p, "BH")`): rejected exactly when ≤ q. */
  adjusted: number[];
}

/**
 * Benjamini-Hochberg step-up procedure: controls the false-discovery rate (the expected share of false alarms
 * among the alerts raised) at `q` over m independent or positively dependent tests, such as every rule on
 * every account in one evaluation run.
 *
 * Sort p ascending; k = the largest i with p₍ᵢ₎ ≤ i·q/m; reject the k smallest. Adjusted p₍ᵢ₎ =
 * min over j ≥ i of min(1, m·p₍ⱼ₎/j).
 * @throws CxError `benjaminiHochberg/invalid-q` unless 0 < q < 1, `/invalid-p` for a p outside [0, 1].
 * @example benjaminiHochberg([0.01, 0.04, 0.03, 0.2], 0.05).rejected // [true, false, false, false]
 */
export function benjaminiHochberg(pValues: readonly number[], q: number): FalseDiscoveryResult {
  if (!(q > 0 && q < 1))
    throw new CxError(
      'benjaminiHochberg/invalid-q',
      `q must lie strictly between 0 and 1, got ${String(q)}`,
      {
        field: 'q',
      },
    );
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1))
      throw new CxError('benjaminiHochberg/invalid-p', `pValues[${i}] must lie in [0, 1], got ${String(p)}`, {
        field: `pValues.${i}`,
      });
  });
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m).fill(1);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const { p, i } = order[r]!;
    running = Math.min(running, (m * p) / (r + 1), 1);
    adjusted[i] = running;
  }
  return { rejected: adjusted.map((a) => a <= q), adjusted };
}
