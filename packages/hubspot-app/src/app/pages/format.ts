import type { AnalyticsKpi, KpiView, TargetView } from './analytics-view.ts';

/** `+34`, `-12`, `0`. */
export function formatSigned(value: number, digits = 0): string {
  const rounded = Number(value.toFixed(digits));
  const text = Math.abs(rounded).toFixed(digits);
  return rounded > 0 ? `+${text}` : rounded < 0 ? `-${text}` : text;
}

/** A KPI's value in its unit: NPS `+34`, CSAT `78.5%`, CES `5.6 / 7`. */
export function formatValue(
  kpi: AnalyticsKpi | 'points' | 'percent' | 'scale',
  value: number,
  scaleMax?: number,
): string {
  if (kpi === 'nps' || kpi === 'points') return formatSigned(value);
  if (kpi === 'csat' || kpi === 'percent') return `${value.toFixed(1)}%`;
  return scaleMax === undefined ? value.toFixed(2) : `${value.toFixed(1)} / ${scaleMax}`;
}

/** A figure with its interval and n, or why there is none. */
export function formatFigure(f: KpiView): string {
  if (f.value === null) return f.n === 0 ? 'No answers' : `Not enough answers (n = ${f.n})`;
  const v = (x: number) => formatValue(f.unit, x);
  const interval = f.interval ? ` (95% ${v(f.interval.lower)} to ${v(f.interval.upper)})` : '';
  return `${formatValue(f.unit, f.value, f.scale?.max)}${interval} · n = ${f.n}${f.smallSample ? ' · small sample' : ''}`;
}

/** A verdict against a target, in words. */
export function formatVerdict(v: TargetView['verdict'] | 'not-due'): string {
  return {
    'significantly-above': 'Above target',
    'significantly-below': 'Below target',
    'not-distinguishable': 'Within the noise of the target',
    'no-interval': 'No interval to compare',
    'insufficient-data': 'Not enough answers',
    'not-due': 'Not due yet',
  }[v];
}

/** A euro-less amount (the tenant's currency): `12,400`. */
export function formatAmount(x: number): string {
  return Math.round(x).toLocaleString('en');
}

/** A KPI's name. */
export const KPI_LABEL: Record<AnalyticsKpi, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', c2es: 'C2ES' };
