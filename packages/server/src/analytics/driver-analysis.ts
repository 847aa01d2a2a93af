import {
  AnalyticsWindowSchema,
  KeyDriverSchema,
  KpiViewSchema,
  emptySummary,
  RankedActionSchema,
  keyDrivers,
  mergeSummaries,
  rankActions,
  type AccountCovariate,
  type DriverExposure,
  type ScoreSummary,
} from '@cxkit/core';
import { z } from 'zod';
import { getSetting } from '../admin/config-store.js';
import type { Queryable } from '../db/database.js';
import { listActions } from './actions-store.js';
import {
  accountRecords,
  commentingAccounts,
  groupedAggregates,
  negativeThemeMentions,
  type AccountRecord,
  type GroupedSummary,
} from './analytics-store.js';
import { analyticsWindowView, figureOf, type AnalyticsWindow } from './portfolio-analytics.js';

/** `GET /v1/analytics/drivers`: what pulls NPS down, by decreasing portfolio points at stake. */
export const DriversViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  window: AnalyticsWindowSchema,
  /** The NPS of the active accounts the analysis stands on. */
  nps: KpiViewSchema,
  accounts: z.int().min(0),
  drivers: z.array(KeyDriverSchema),
});

/** `GET /v1/analytics/priorities`: the candidate actions ranked on the seed's matrix. */
export const PrioritiesViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  window: AnalyticsWindowSchema,
  /** Portfolio NPS points from which an impact counts as high. */
  highImpact: z.number(),
  ranked: z.array(RankedActionSchema),
});

/** Drivers. */
export type DriversView = z.infer<typeof DriversViewSchema>;
/** Priorities. */
export type PrioritiesView = z.infer<typeof PrioritiesViewSchema>;

/** `survey question account` (ids without spaces first, the account id whole at the end). */
const split = (key: string): [string, string, string] => {
  const [surveyId = '', questionId = ''] = key.split(' ', 2);
  return [key.slice(surveyId.length + questionId.length + 2), surveyId, questionId];
};
const isActive = (a: AccountRecord, now: Date) =>
  a.churnedAt === null || Date.parse(a.churnedAt) > now.getTime();

/** The mean score on 0-100, higher better whatever the scale's polarity; null without answers. */
function satisfaction(s: ScoreSummary): number | null {
  let n = 0;
  let sum = 0;
  s.counts.forEach((c, i) => {
    n += c;
    sum += c * i;
  });
  if (n === 0) return null;
  const span = s.scale.max - s.scale.min;
  const share = span > 0 ? sum / n / span : 0.5;
  return 100 * (s.scale.polarity === 'higher-is-better' ? share : 1 - share);
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

const SIGNALS: {
  field: 'openTickets' | 'mrrTrendPercent';
  source: DriverExposure['source'];
  label: string;
  /** Whether a value is exposed, given the accounts' upper quartile (computed once per request). */
  exposed: (v: number, upperQuartile: number) => boolean;
  rule: string;
}[] = [
  {
    field: 'openTickets',
    source: 'support',
    label: 'Many open support tickets',
    exposed: (v, q75) => v > 0 && v >= q75,
    rule: "open tickets in the accounts' top quarter (and at least one)",
  },
  {
    field: 'mrrTrendPercent',
    source: 'commercial',
    label: 'Falling revenue',
    exposed: (v) => v <= -10,
    rule: 'revenue down 10 % or more over 3 months',
  },
];

/**
 * The key-driver analysis of the tenant's active accounts over the window (core's `keyDrivers`): each
 * touchpoint survey (CSAT, CES, C2ES: exposed when the account's mean score there is in the worse half of
 * the scale; a mean rather than "any dissatisfied answer", which accounts that answer often reach by
 * chance), each theme of the tenant's dictionary (exposed when the account wrote a negative comment on
 * it), and the support and commercial signals (many open tickets, falling revenue). Every gap is adjusted
 * for the account's mean satisfaction at each touchpoint (0-100; a touchpoint driver leaves out its own).
 * Delivery shows through the delivery touchpoint and the delivery and lead-time themes: the signals
 * schema has no delivery field.
 */
export async function buildDrivers(
  db: Queryable,
  tenantId: string,
  w: AnalyticsWindow,
): Promise<DriversView> {
  const [npsRows, touchRows, accounts, themes, commenting, dictionary] = await Promise.all([
    groupedAggregates(db, tenantId, { by: 'account' }, { ...w, kinds: ['nps'] }),
    groupedAggregates(db, tenantId, { by: 'account-question' }, { ...w, kinds: ['csat', 'ces', 'c2es'] }),
    accountRecords(db, tenantId),
    negativeThemeMentions(db, tenantId, w.from, w.to),
    commentingAccounts(db, tenantId, w.from, w.to),
    getSetting(db, tenantId, 'themes'),
  ]);
  const active = new Map(accounts.filter((a) => isActive(a, w.to)).map((a) => [a.accountId, a]));
  // NPS answers are on the 0-10 scale by definition; other scales are left out rather than mixed.
  const npsByAccount = new Map<string, ScoreSummary>();
  const byAccount = new Map<string, GroupedSummary[]>();
  for (const r of npsRows)
    if (active.has(r.key) && r.summary.scale.min === 0 && r.summary.scale.max === 10)
      byAccount.set(r.key, [...(byAccount.get(r.key) ?? []), r]);
  for (const [id, list] of byAccount) npsByAccount.set(id, mergeSummaries(list.map((r) => r.summary)));

  const drivers: DriverExposure[] = [];
  const touch = new Map<
    string,
    {
      kind: string;
      observed: Set<string>;
      exposed: Set<string>;
      scale: string;
      /** Each account's mean score at the touchpoint, 0-100: the covariate the other drivers are adjusted for. */
      score: Map<string, number>;
    }
  >();
  for (const r of touchRows) {
    const [accountId, surveyId, questionId] = split(r.key);
    if (!active.has(accountId)) continue;
    const id = `touchpoint:${surveyId}/${questionId}`;
    const t = touch.get(id) ?? {
      kind: r.kind,
      observed: new Set<string>(),
      exposed: new Set<string>(),
      scale: `${r.summary.scale.min}-${r.summary.scale.max}`,
      score: new Map<string, number>(),
    };
    t.observed.add(accountId);
    const score = satisfaction(r.summary);
    if (score !== null) t.score.set(accountId, score);
    if (score !== null && score < 50) t.exposed.add(accountId);
    touch.set(id, t);
  }
  for (const [id, t] of [...touch].sort(([a], [b]) => a.localeCompare(b)))
    drivers.push({
      id,
      label: `${id.slice('touchpoint:'.length).split('/')[0]} ${t.kind.toUpperCase()}`,
      source: 'touchpoint',
      rule: `mean score in the worse half of ${t.scale}`,
      exposed: t.exposed,
      observed: t.observed,
      covariate: id,
    });
  const covariates: AccountCovariate[] = [...touch].map(([id, t]) => ({ id, values: t.score }));

  const observedComments = new Set(commenting.filter((id) => active.has(id)));
  const negative = new Map<string, Set<string>>();
  for (const m of themes)
    if (m.negative > 0 && active.has(m.accountId))
      negative.set(m.theme, (negative.get(m.theme) ?? new Set()).add(m.accountId));
  for (const t of dictionary)
    drivers.push({
      id: `theme:${t.id}`,
      label: t.label.en,
      source: t.id === 'delivery' || t.id === 'lead-time' ? 'delivery' : 'theme',
      rule: 'at least one negative comment on the theme',
      exposed: negative.get(t.id) ?? new Set(),
      observed: observedComments,
    });

  for (const sig of SIGNALS) {
    const known = [...active.values()].filter((a) => a[sig.field] !== null);
    const values = known.map((a) => a[sig.field]!);
    if (values.length === 0) continue;
    const q75 = quantile(values, 0.75);
    drivers.push({
      id: `signal:${sig.field}`,
      label: sig.label,
      source: sig.source,
      rule: sig.rule,
      exposed: new Set(known.filter((a) => sig.exposed(a[sig.field]!, q75)).map((a) => a.accountId)),
      observed: new Set(known.map((a) => a.accountId)),
    });
  }

  const all = [...npsByAccount.values()];
  return {
    generatedAt: w.to.toISOString(),
    window: analyticsWindowView(w),
    nps: figureOf('nps', all.length > 0 ? mergeSummaries(all) : emptySummary('nps')),
    accounts: npsByAccount.size,
    drivers: keyDrivers(npsByAccount, drivers, {
      mrr: new Map([...active.values()].map((a) => [a.accountId, a.mrr])),
      covariates,
    }),
  };
}

/** The tenant's candidate actions ranked on the seed's matrix from the window's key drivers. */
export async function buildPriorities(
  db: Queryable,
  tenantId: string,
  w: AnalyticsWindow,
  o: { highImpact: number },
): Promise<PrioritiesView> {
  const [drivers, actions] = await Promise.all([buildDrivers(db, tenantId, w), listActions(db, tenantId)]);
  return {
    generatedAt: w.to.toISOString(),
    window: analyticsWindowView(w),
    highImpact: o.highImpact,
    ranked: rankActions(actions, drivers.drivers, { highImpact: o.highImpact }),
  };
}
