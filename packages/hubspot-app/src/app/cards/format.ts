import type { KpiView } from './account-summary-view.ts';

/** How many contributions, drivers, themes and comments the card lists. */
export const CARD_LIMITS = { contributions: 3, drivers: 3, themes: 5, verbatims: 5 } as const;

/**
 * The health components the card lists and the ones it sums: those furthest from a neutral 50, by
 * weight, first. Sorting by points alone would hide a heavy component scored 0, the reason an account is at risk.
 */
export function splitContributions<T extends { normalized: number; weight: number }>(
  contributions: readonly T[],
): { top: T[]; rest: T[] } {
  const ranked = [...contributions].sort(
    (a, b) => Math.abs(b.normalized - 50) * b.weight - Math.abs(a.normalized - 50) * a.weight,
  );
  return { top: ranked.slice(0, CARD_LIMITS.contributions), rest: ranked.slice(CARD_LIMITS.contributions) };
}

/** A listed health component: `12.0 of 15 pts (scored 80/100 from 42.3)`. */
export function formatContribution(c: {
  points: number;
  weight: number;
  normalized: number;
  raw: number | string | null;
  imputed?: boolean;
}): string {
  const source = c.imputed
    ? ': none on record, which counts'
    : c.raw !== null
      ? ` from ${formatRaw(c.raw)}`
      : '';
  return `${c.points.toFixed(1)} of ${Math.round(c.weight * 100)} pts (scored ${Math.round(c.normalized)}/100${source})`;
}

/** The churn drivers the card lists: the largest contributions either way. */
export function topDrivers<T extends { contribution: number }>(drivers: readonly T[]): T[] {
  return [...drivers]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, CARD_LIMITS.drivers);
}

/** The themes the card lists; the server sends them by decreasing count and the stable sort keeps its ties. */
export function topThemes<T extends { count: number }>(themes: readonly T[]): T[] {
  return [...themes].sort((a, b) => b.count - a.count).slice(0, CARD_LIMITS.themes);
}

/** The comments the card lists, newest first. */
export function latestVerbatims<T extends { answeredAt: string }>(verbatims: readonly T[]): T[] {
  return [...verbatims]
    .sort((a, b) => b.answeredAt.localeCompare(a.answeredAt))
    .slice(0, CARD_LIMITS.verbatims);
}

/** Formats a signed number of points: `+34`, `-12`, `0`. */
export function formatSigned(value: number, digits = 0): string {
  const rounded = Number(value.toFixed(digits));
  const text = Math.abs(rounded).toFixed(digits);
  if (rounded > 0) return `+${text}`;
  if (rounded < 0) return `-${text}`;
  return text;
}

/** Formats one value in a KPI's unit: NPS `+34`, CSAT `82%`, CES `5.6 / 7`. */
export function formatValue(value: number, kpi: Pick<KpiView, 'unit' | 'scale'>): string {
  switch (kpi.unit) {
    case 'points':
      return formatSigned(value);
    case 'percent':
      return `${Math.round(value)}%`;
    case 'scale':
      return kpi.scale ? `${value.toFixed(1)} / ${kpi.scale.max}` : value.toFixed(1);
  }
}

/** Like {@link formatValue} but without the `/ max` suffix (for interval bounds). */
function formatBound(value: number, kpi: Pick<KpiView, 'unit'>): string {
  if (kpi.unit === 'points') return formatSigned(value);
  if (kpi.unit === 'percent') return `${Math.round(value)}%`;
  return value.toFixed(1);
}

/** The headline number of a KPI, or an em dash when there is not enough data. */
export function formatKpi(kpi: KpiView): string {
  return kpi.status === 'ok' && kpi.value !== null ? formatValue(kpi.value, kpi) : '—';
}

/** The interval and sample size: `95% CI +21 to +46, n = 57` (or `n = 57` without an interval). */
export function formatKpiDetail(kpi: KpiView): string {
  if (kpi.status !== 'ok' || kpi.interval === null) return `n = ${kpi.n}`;
  const level = `${Math.round(kpi.interval.level * 100)}% CI`;
  return `${level} ${formatBound(kpi.interval.lower, kpi)} to ${formatBound(kpi.interval.upper, kpi)}, n = ${kpi.n}`;
}

/** Why a KPI has no value: `Not enough data (n = 3): fewer than 5 scored answers`. */
export function formatInsufficient(kpi: KpiView): string {
  return `Not enough data (n = ${kpi.n})${kpi.reason ? `: ${kpi.reason}` : ''}`;
}

/** A health component's raw input: numbers to at most one decimal (`42.29089` -> `42.3`), text as is. */
export function formatRaw(raw: number | string): string {
  return typeof raw === 'number' ? String(Math.round(raw * 10) / 10) : raw;
}

/**
 * The health components a card does not list, summed so the listed ones and this line add up to the
 * score: `Other 6 components: 23.9 pts`.
 */
export function formatOtherComponents(rest: readonly { points: number }[]): string {
  const points = rest.reduce((sum, c) => sum + c.points, 0);
  return `Other ${rest.length} ${rest.length === 1 ? 'component' : 'components'}: ${points.toFixed(1)} pts`;
}

/** A probability as a whole percentage: `0.234` -> `23%`. */
export function formatProbability(p: number): string {
  return `${Math.round(p * 100)}%`;
}

/** A date as `2 Mar 2026` (UTC), the way HubSpot shows record dates. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
}

/** A role key as a label: `buyer` -> `Buyer`. */
export function formatRole(role: string): string {
  return role.length === 0 ? role : role[0]!.toUpperCase() + role.slice(1).replace(/[-_]/g, ' ');
}

const MODE_LABELS = {
  pooled: 'all answers pooled',
  'per-respondent': 'one vote per respondent',
  'role-weighted': 'weighted by role',
} as const;

/** The roll-up mode in words. */
export function formatMode(mode: keyof typeof MODE_LABELS): string {
  return MODE_LABELS[mode];
}

/** A health band's tag colour: the score bands cxkit ships, anything else neutral. */
export function bandVariant(band: string): 'success' | 'warning' | 'error' | 'default' {
  if (band === 'healthy') return 'success';
  if (band === 'needs-attention') return 'warning';
  if (band === 'at-risk') return 'error';
  return 'default';
}

/** The change between the last two periods with data, or null when there are not two. */
export function trendChange(
  points: { period: string; value: number | null }[],
): { delta: number; since: string } | null {
  const withData = points.filter((p): p is { period: string; value: number } => p.value !== null);
  if (withData.length < 2) return null;
  const last = withData[withData.length - 1]!;
  const prev = withData[withData.length - 2]!;
  return { delta: last.value - prev.value, since: prev.period };
}

/** A sentiment label, as core names them. */
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/**
 * The label of a sentiment score in [-1, 1], with core's thresholds (negative < -0.05 <= neutral <= 0.05 <
 * positive): the card cannot import core, and a comment must read the same here as in the server's theme split.
 */
export function sentimentLabel(score: number): SentimentLabel {
  if (score > 0.05) return 'positive';
  if (score < -0.05) return 'negative';
  return 'neutral';
}

/** A theme's sentiment split: `3 positive, 1 negative`, with `, 2 neutral` only when some were neutral. */
export function formatSentimentSplit(s: { negative: number; neutral: number; positive: number }): string {
  return `${s.positive} positive, ${s.negative} negative${s.neutral > 0 ? `, ${s.neutral} neutral` : ''}`;
}

/** Longest example quote the card shows, in characters (the server keeps quotes up to 280). */
export const QUOTE_MAX_LENGTH = 140;

/**
 * A customer quote shortened for a table cell: whitespace collapsed, cut at a word boundary before
 * `max` characters with an ellipsis, and wrapped in quotation marks. Still plain text: the caller escapes it.
 */
export function shortQuote(text: string, max = QUOTE_MAX_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return `“${flat}”`;
  const cut = flat.slice(0, max - 1);
  const space = flat[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  // Cut mid-word only when the text has no space worth cutting at (one long token).
  const head = (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '');
  return `“${head}…”`;
}

/**
 * What the portal's churn model achieved on its later history, against the health-based estimate:
 * "Forecast by this portal's model: AUC 0.84 (health estimate 0.62), calibration slope 1.04, on 63 churns since 4 Oct 2025".
 */
export function formatModelValidation(v: {
  auc: number | null;
  priorAuc: number | null;
  calibrationSlope: number | null;
  events: number;
  from: string;
}): string {
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  return (
    `Forecast by this portal's model: AUC ${f(v.auc)} (health estimate ${f(v.priorAuc)}), ` +
    `calibration slope ${f(v.calibrationSlope)}, on ${v.events} churns since ${formatDate(v.from)}`
  );
}
