/** The KPI catalogue's reading of an NPS value (docs/kpis.md, seed 001). */
export type NpsBand = 'excellent' | 'positive' | 'negative';

/**
 * Reads an NPS in points: above 50 is "excellent", below 0 "signals major problems" (seed 001), the rest positive.
 * @example npsBand(62) // 'excellent'
 */
export function npsBand(value: number): NpsBand {
  if (value > 50) return 'excellent';
  if (value < 0) return 'negative';
  return 'positive';
}
